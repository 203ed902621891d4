import { computeWeeklyReport } from '../domain/weekly-report';
import { FIXTURE_INPUT } from '../domain/weekly-report.fixture';
import { fitLines, weeklyReportTelegram } from './weekly-report.telegram';

describe('weekly report, Telegram text (French, parse mode HTML)', () => {
  it('lists every KPI of the week with its change against the week before', () => {
    expect(weeklyReportTelegram(computeWeeklyReport(FIXTURE_INPUT)).split('\n')).toEqual([
      '📊 <b>Rapport hebdomadaire — semaine 2026-W13</b>',
      'Du 23/03/2026 au 29/03/2026, comparé à la semaine 2026-W12.',
      '',
      '<b>Caisse</b>',
      'Sessions clôturées : 4 (+2)',
      'Ventes : 18 (+10)',
      "Chiffre d'affaires : 370,50 € (+85,3 %)",
      'Panier moyen : 20,58 € (-17,7 %)',
      'Écarts de plus de 10 € : 2 (+2), sur 2 caisses (reg-1 site-1, reg-1 site-2)',
      'Cumul des écarts : 76,00 € (+76,00 €)',
      '',
      '<b>Dépôts et IA</b>',
      'Dépôts classés : 18 (+8)',
      "Taux d'échec IA : 10,0 % (+10,0 pt)",
      'Latence p95 : 5\u202f000 ms (+4\u202f000 ms)',
      'Taux de correction : 16,7 % (-3,3 pt)',
      'Confiance faible : 22,2 % (+12,2 pt)',
      '',
      '<b>Synchronisations</b>',
      'compta : 3/4 réussies, 75,0 % (-25,0 pt)',
      '',
      '<b>Disponibilité</b>',
      'cash : 99,0 % (-1,0 pt), 1 redémarrage',
      '',
      '<b>Anomalies</b>',
      'Détectées : 3 (+1) — 1 critique, 2 avertissements',
      'Acquittées : 1, délai moyen 1 h 30 min (+1 h 00 min)',
      'Résolues : 2, délai moyen 13 h 00 min',
      '• Écart de caisse : 2 (+1)',
      '• Échecs de synchronisation : 1 (+1)',
      '',
      '<b>Recommandations</b>',
      '• 🟠 Caisse reg-1 : écarts répétés (site-1)',
      '• 🔵 Export compta : échecs en hausse (site-2)',
      '',
      '<b>Par site</b>',
      'site-1 : 325,50 € de ventes, 1 écart, 2 anomalies',
      'site-2 : 45,00 € de ventes, 1 écart, 1 anomalie',
    ]);
  });

  it('says when there was nothing, with dashes for undefined rates', () => {
    const empty = computeWeeklyReport({ isoWeek: '2026-W13', rows: [], anomalies: [], recommendations: [] });
    expect(weeklyReportTelegram(empty).split('\n')).toEqual([
      '📊 <b>Rapport hebdomadaire — semaine 2026-W13</b>',
      'Du 23/03/2026 au 29/03/2026, comparé à la semaine 2026-W12.',
      '',
      '<b>Caisse</b>',
      'Sessions clôturées : 0 (=)',
      'Ventes : 0 (=)',
      "Chiffre d'affaires : 0,00 € (=)",
      'Panier moyen : —',
      'Écarts de plus de 10 € : 0 (=), sur 0 caisse',
      'Cumul des écarts : 0,00 € (=)',
      '',
      '<b>Dépôts et IA</b>',
      'Dépôts classés : 0 (=)',
      "Taux d'échec IA : —",
      'Latence p95 : —',
      'Taux de correction : —',
      'Confiance faible : —',
      '',
      '<b>Synchronisations</b>',
      'Aucune synchronisation.',
      '',
      '<b>Anomalies</b>',
      'Détectées : 0 (=)',
      'Acquittées : 0, délai moyen —',
      'Résolues : 0, délai moyen —',
    ]);
  });

  it('escapes what comes from data (targets, titles)', () => {
    const report = computeWeeklyReport({
      ...FIXTURE_INPUT,
      rows: [{ day: '2026-03-24', siteId: 'site-1', kind: 'sync', key: 'a<b>', counters: { runsStarted: 1, runsSucceeded: 1 } }],
      recommendations: [{ ...FIXTURE_INPUT.recommendations[0], title: 'x & <y>' }],
    });
    const text = weeklyReportTelegram(report);
    expect(text).toContain('a&lt;b&gt; : 1/1 réussies, 100,0 %');
    expect(text).toContain('x &amp; &lt;y&gt;');
  });

  it('stays under Telegram’s 4096 characters, cutting at a line', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `ligne ${i} ${'x'.repeat(20)}`);
    const text = fitLines(lines);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.endsWith('\n…')).toBe(true);
    expect(text.split('\n').slice(0, -1).every((l, i) => l === lines[i])).toBe(true);
  });
});
