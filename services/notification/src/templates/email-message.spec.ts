import { alertEmail, testEmail, weeklyReportEmail } from './email-message';

describe('e-mail templates', () => {
  it('writes the weekly report with a one-line subject, a text and an escaped HTML body', () => {
    const mail = weeklyReportEmail({
      siteId: 'global',
      occurredAt: '2026-11-30T08:00:00.000Z',
      report: { reportId: 'r', isoWeek: '2026-W48', kpis: { cashSessions: 42, note: '<b>' } },
    });
    expect(mail.subject).toBe('Vigie — Rapport hebdomadaire — semaine 2026-W48');
    expect(mail.text).toBe(
      ['Vigie — Rapport hebdomadaire — semaine 2026-W48', '', 'Généré le 30/11/2026 09:00', '', 'Site : global', 'Sessions de caisse : 42', 'note : <b>', ''].join('\n'),
    );
    expect(mail.html).toContain('<th align="left">note</th><td>&lt;b&gt;</td>');
    expect(mail.html).not.toContain('<b>');
  });

  it('writes a critical alert and its resolution', () => {
    const alert = {
      anomalyId: 'anm-0123456789abcdef01234567',
      ruleId: 'service.down',
      ruleVersion: 1,
      severity: 'critical' as const,
      key: 'sync',
      title: 'Service sync muet\r\nBcc: x',
      summary: 'Aucun signe de vie.',
      details: { service: 'sync', silentForMs: 95_000 },
      firstSeenAt: '2026-11-30T07:00:00.000Z',
    };
    const raised = alertEmail({ transition: 'raised', siteId: 'global', occurredAt: alert.firstSeenAt, alert });
    expect(raised.subject).toBe('Vigie — Critique — Service indisponible — Service sync muet Bcc: x');
    expect(raised.text).toContain('Aucun signe de vie.\nDétectée le 30/11/2026 08:00\n\nSite : global\nService : sync\nSilencieux depuis : 1 min\nAnomalie : anm-01234567\n');
    const resolved = alertEmail({ transition: 'resolved', siteId: 'global', occurredAt: '2026-11-30T08:00:00.000Z', alert });
    expect(resolved.subject).toBe('Vigie — Résolue — Service indisponible — Service sync muet Bcc: x');
    expect(resolved.text).toContain('Résolue le 30/11/2026 09:00\nDurée : 1 h\n');
  });

  it('has a test e-mail', () => {
    expect(testEmail().subject).toBe('Vigie — notification de test');
    expect(testEmail({ locale: 'en', timeZone: 'UTC' }).text).toContain('This address receives the weekly report');
  });
});
