import type { AnomalyAlert } from '@vigie/contracts';
import { renderAlertMessage } from './alert-message';

const variance: AnomalyAlert = {
  anomalyId: 'anm-0123456789abcdef01234567',
  ruleId: 'cash.variance',
  ruleVersion: 1,
  severity: 'warning',
  key: 'sess-1',
  title: 'Écart de caisse de -15,00 € sur la caisse reg-1',
  summary: 'Session sess-1 fermée avec 15,00 € manquant (attendu 150,00 €, compté 135,00 € ; seuil 10,00 €).',
  evidence: [{ stream: 'CASH', seq: 42, eventId: '0193a1b2-c3d4-7e5f-8a9b-000000000003' }],
  details: { registerId: 'reg-1', sessionId: 'sess-1', variance: -15, expectedCash: 150, countedCash: 135, threshold: 10 },
  count: 1,
  firstSeenAt: '2026-11-30T07:00:00.000Z',
  lastSeenAt: '2026-11-30T07:00:00.000Z',
};

describe('renderAlertMessage', () => {
  it('announces a raised cash variance in French with its key facts', () => {
    const html = renderAlertMessage({ transition: 'raised', siteId: 'site-1', occurredAt: '2026-11-30T07:00:00.000Z', alert: variance });
    expect(html).toBe(
      [
        '⚠️ <b>Avertissement — Écart de caisse</b>',
        'Écart de caisse de -15,00 € sur la caisse reg-1',
        'Site : site-1',
        '',
        'Session sess-1 fermée avec 15,00 € manquant (attendu 150,00 €, compté 135,00 € ; seuil 10,00 €).',
        '',
        'Caisse : reg-1',
        'Écart : -15,00 €',
        'Seuil : 10,00 €',
        'Session : sess-1',
        '',
        'Détectée le 30/11/2026 08:00',
        'Anomalie <code>anm-01234567</code>',
      ].join('\n'),
    );
  });

  it('labels each severity', () => {
    const render = (severity: AnomalyAlert['severity']) =>
      renderAlertMessage({ transition: 'raised', siteId: 's', occurredAt: variance.firstSeenAt!, alert: { ...variance, severity } }).split('\n')[0];
    expect(render('info')).toBe('ℹ️ <b>Info — Écart de caisse</b>');
    expect(render('critical')).toBe('🚨 <b>Critique — Écart de caisse</b>');
  });

  it('escapes every text that comes from the event', () => {
    const html = renderAlertMessage({
      transition: 'raised',
      siteId: 'site-1',
      occurredAt: variance.firstSeenAt!,
      alert: {
        ...variance,
        title: 'Caisse <script>&',
        summary: 'a < b & "c" > d',
        details: { ...variance.details, registerId: '<i>reg</i>' },
      },
    });
    expect(html).toContain('\nCaisse &lt;script&gt;&amp;\n');
    expect(html).toContain('\na &lt; b &amp; &quot;c&quot; &gt; d\n');
    expect(html).toContain('\nCaisse : &lt;i&gt;reg&lt;/i&gt;\n');
    expect(html.replace(/<\/?(b|code)>/g, '')).not.toMatch(/[<>]/);
  });

  it('leaves out facts of an unexpected type and falls back to the event time', () => {
    const html = renderAlertMessage({
      transition: 'raised',
      siteId: 'site-1',
      occurredAt: '2026-07-01T10:00:00Z',
      alert: { ...variance, firstSeenAt: undefined, details: { registerId: 'reg-1', variance: '-15' } },
    });
    expect(html).toContain('Caisse : reg-1');
    expect(html).not.toContain('Écart :');
    expect(html).toContain('Détectée le 01/07/2026 12:00');
  });

  it('shows the severity change of an escalation and the occurrence count', () => {
    const html = renderAlertMessage({
      transition: 'escalated',
      siteId: 'site-1',
      occurredAt: '2026-11-30T09:00:00Z',
      alert: { ...variance, severity: 'critical', count: 3 },
      previousSeverity: 'warning',
    });
    expect(html.split('\n').slice(0, 4)).toEqual([
      '🚨 <b>Critique — Écart de caisse</b>',
      'Écart de caisse de -15,00 € sur la caisse reg-1',
      'Site : site-1',
      'Aggravation : Avertissement → Critique',
    ]);
    expect(html).toContain('Occurrences : 3');
  });

  it('writes a short « Résolue » notice', () => {
    const html = renderAlertMessage({
      transition: 'resolved',
      siteId: 'site-2',
      occurredAt: '2026-11-30T11:00:00Z',
      alert: { ...variance, ruleId: 'sync.consecutive-failures', title: 'Export comptable en échec', resolvedAt: '2026-11-30T11:00:00.000Z', durationMs: 6_480_000 },
    });
    expect(html).toBe(
      [
        '✅ <b>Résolue — Échec de synchronisation</b>',
        'Export comptable en échec',
        'Site : site-2',
        '',
        'Résolue le 30/11/2026 12:00',
        'Durée : 1 h 48 min',
        'Anomalie <code>anm-01234567</code>',
      ].join('\n'),
    );
  });

  it('shows the alert title alone for a rule it has no label for', () => {
    const html = renderAlertMessage({
      transition: 'raised',
      siteId: 'site-1',
      occurredAt: variance.firstSeenAt!,
      alert: { ...variance, ruleId: 'custom.rule', details: { registerId: 'reg-1' } },
    });
    expect(html.split('\n')[0]).toBe('⚠️ <b>Avertissement</b>');
    expect(html).not.toContain('Caisse :');
  });
});

describe('renderAlertMessage limits and languages', () => {
  it('never exceeds 4096 characters: a huge summary is cut, escaped entities stay whole', () => {
    const html = renderAlertMessage({
      transition: 'raised',
      siteId: 'site-1',
      occurredAt: variance.firstSeenAt!,
      alert: { ...variance, title: '"'.repeat(200), summary: '&'.repeat(2000), details: { ...variance.details, registerId: '<'.repeat(500) } },
    });
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html).toContain('…');
    expect(html).toMatch(/^⚠️ <b>Avertissement — Écart de caisse<\/b>\n(&quot;){200}\nSite : site-1\n/);
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(html.endsWith('Anomalie <code>anm-01234567</code>')).toBe(true);
  });

  it('computes the duration of a resolution from first seen when the event carries none', () => {
    const html = renderAlertMessage({
      transition: 'resolved',
      siteId: 'site-1',
      occurredAt: '2026-11-30T09:30:00.000Z',
      alert: { ...variance, durationMs: undefined, resolvedAt: undefined },
    });
    expect(html).toContain('\nRésolue le 30/11/2026 10:30\nDurée : 2 h 30 min\n');
  });

  it('writes a resolution in English', () => {
    const html = renderAlertMessage(
      { transition: 'resolved', siteId: 'site-2', occurredAt: '2026-11-30T11:00:00Z', alert: { ...variance, resolvedAt: '2026-11-30T11:00:00.000Z', durationMs: 6_480_000 } },
      { locale: 'en', timeZone: 'Europe/Paris' },
    );
    expect(html).toBe(
      [
        '✅ <b>Resolved — Cash variance</b>',
        'Écart de caisse de -15,00 € sur la caisse reg-1',
        'Site: site-2',
        '',
        'Resolved 2026-11-30 12:00',
        'Duration: 1 h 48 min',
        'Anomaly <code>anm-01234567</code>',
      ].join('\n'),
    );
  });

  it('writes an escalation in English', () => {
    const html = renderAlertMessage(
      { transition: 'escalated', siteId: 'site-1', occurredAt: '2026-11-30T09:00:00Z', alert: { ...variance, severity: 'critical', count: 3 }, previousSeverity: 'warning' },
      { locale: 'en', timeZone: 'Europe/Paris' },
    );
    expect(html.split('\n').slice(0, 4)).toEqual(['🚨 <b>Critical — Cash variance</b>', 'Écart de caisse de -15,00 € sur la caisse reg-1', 'Site: site-1', 'Escalation: Warning → Critical']);
    expect(html).toContain('\nOccurrences: 3\n');
  });
});
