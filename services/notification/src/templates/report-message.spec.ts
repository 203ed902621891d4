import { kpiList, renderRecommendation, renderTestMessage, renderWeeklyReport } from './report-message';

const NNBSP = '\u202f';
const report = {
  reportId: 'rep-2026-W48',
  isoWeek: '2026-W48',
  kpis: { cashSessions: 42, salesTotal: 5123.4, aiCorrectionRatePercent: 7.5, customKpi: 3, note: 'ok <3', nested: { a: 1 } },
};

describe('weekly report and recommendations', () => {
  it('writes the weekly report in French, known KPIs first, nested ones left to the dashboard', () => {
    expect(renderWeeklyReport({ siteId: 'global', occurredAt: '2026-11-30T08:00:00.000Z', report })).toBe(
      [
        '📊 <b>Rapport hebdomadaire — semaine 2026-W48</b>',
        'Site : global',
        '',
        'Sessions de caisse : 42',
        `Chiffre d'affaires : 5${NNBSP}123,40 €`,
        'Taux de correction IA : 7,5 %',
        'customKpi : 3',
        'note : ok &lt;3',
        '',
        'Généré le 30/11/2026 09:00',
      ].join('\n'),
    );
  });

  it('writes it in English', () => {
    expect(renderWeeklyReport({ siteId: 'global', occurredAt: '2026-11-30T08:00:00.000Z', report }, { locale: 'en', timeZone: 'Europe/London' })).toBe(
      [
        '📊 <b>Weekly report — week 2026-W48</b>',
        'Site: global',
        '',
        'Cash sessions: 42',
        'Sales total: €5,123.40',
        'AI correction rate: 7.5%',
        'customKpi: 3',
        'note: ok &lt;3',
        '',
        'Generated 2026-11-30 08:00',
      ].join('\n'),
    );
  });

  it('says when a report has no indicator', () => {
    expect(renderWeeklyReport({ siteId: 'global', occurredAt: '2026-11-30T08:00:00.000Z', report: { ...report, kpis: {} } })).toContain('\nAucun indicateur.\n');
    expect(kpiList({ x: Number.NaN, y: null }, 'fr')).toEqual([]);
  });

  it('writes a recommendation with its actions, and its clearing', () => {
    const recommendation = {
      recommendationId: 'rec-1',
      kind: 'register-training',
      severity: 'warning' as const,
      title: 'Caisse reg-1 : écarts répétés',
      evidence: [],
      actions: ['Revoir la procédure de comptage', 'Former les bénévoles <caisse>'],
    };
    expect(renderRecommendation({ siteId: 'site-1', cleared: false, recommendation })).toBe(
      [
        '🛠 <b>Recommandation de maintenance</b> — ⚠️ Avertissement',
        'Caisse reg-1 : écarts répétés',
        'Site : site-1',
        '',
        '• Revoir la procédure de comptage',
        '• Former les bénévoles &lt;caisse&gt;',
      ].join('\n'),
    );
    expect(renderRecommendation({ siteId: 'site-1', cleared: true, recommendation }, { locale: 'en', timeZone: 'Europe/Paris' })).toBe(
      ['✅ <b>Recommendation cleared</b>', 'Caisse reg-1 : écarts répétés', 'Site: site-1'].join('\n'),
    );
  });

  it('has a test message in both languages', () => {
    expect(renderTestMessage()).toBe('✅ <b>Vigie : notification de test</b>\nCe chat recevra les alertes auxquelles il est abonné.');
    expect(renderTestMessage({ locale: 'en', timeZone: 'Europe/Paris' })).toBe(
      '✅ <b>Vigie: test notification</b>\nThis chat will receive the alerts it subscribes to.',
    );
  });
});
