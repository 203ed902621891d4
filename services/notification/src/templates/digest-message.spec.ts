import type { AlertMessageInput } from './alert-message';
import { renderDigest } from './digest-message';
import { TELEGRAM_MAX_CHARS } from './format';

function item(n: number, over: Partial<AlertMessageInput> = {}, alert: Partial<AlertMessageInput['alert']> = {}): AlertMessageInput {
  return {
    transition: 'raised',
    siteId: 'site-1',
    occurredAt: '2026-11-30T07:00:00.000Z',
    ...over,
    alert: {
      anomalyId: `anm-${String(n).padStart(8, '0')}ffffffffffffffff`,
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      key: `s-${n}`,
      title: `Écart de caisse de -15,00 € sur la caisse reg-${n}`,
      summary: 's',
      details: {},
      firstSeenAt: '2026-11-30T07:00:00.000Z',
      ...alert,
    },
  };
}

describe('renderDigest', () => {
  it('lists raised, escalated and resolved alerts in one French message', () => {
    const parts = renderDigest([
      item(1),
      item(2, { transition: 'escalated', previousSeverity: 'warning' }, { severity: 'critical', ruleId: 'sync.consecutive-failures', title: 'Export <compta> en échec' }),
      item(3, { transition: 'resolved' }, { resolvedAt: '2026-11-30T08:48:00.000Z' }),
    ]);
    expect(parts).toEqual([
      {
        lines: 3,
        text: [
          '🔔 <b>Résumé : 3 notifications</b>',
          '⚠️ <b>Avertissement — Écart de caisse</b> — Écart de caisse de -15,00 € sur la caisse reg-1 · site-1 · <code>anm-00000001</code>',
          '🚨 <b>Critique — Échec de synchronisation</b> (aggravée) — Export &lt;compta&gt; en échec · site-1 · <code>anm-00000002</code>',
          '✅ <b>Résolue — Écart de caisse</b> — Écart de caisse de -15,00 € sur la caisse reg-3 · site-1 · durée 1 h 48 min · <code>anm-00000003</code>',
          'Détails : /alerts · Acquitter : /ack ID · Sourdine : /silence ID 1h',
        ].join('\n'),
      },
    ]);
  });

  it('writes English for an English chat', () => {
    const [part] = renderDigest([item(1), item(2)], { locale: 'en', timeZone: 'Europe/Paris' });
    expect(part.text.split('\n')).toEqual([
      '🔔 <b>Digest: 2 notifications</b>',
      '⚠️ <b>Warning — Cash variance</b> — Écart de caisse de -15,00 € sur la caisse reg-1 · site-1 · <code>anm-00000001</code>',
      '⚠️ <b>Warning — Cash variance</b> — Écart de caisse de -15,00 € sur la caisse reg-2 · site-1 · <code>anm-00000002</code>',
      'Details: /alerts · Acknowledge: /ack ID · Silence: /silence ID 1h',
    ]);
  });

  it('splits a long digest into numbered parts under 4096 characters, every item once and in order', () => {
    const items = Array.from({ length: 120 }, (_, i) => item(i + 1, {}, { title: `${'&'.repeat(150)} ${i + 1}` }));
    const parts = renderDigest(items);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((n, p) => n + p.lines, 0)).toBe(120);
    parts.forEach((p, i) => {
      expect(p.text.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
      expect(p.text.split('\n')[0]).toBe(`🔔 <b>Résumé : 120 notifications</b> (${i + 1}/${parts.length})`);
    });
    const ids = parts.flatMap((p) => [...p.text.matchAll(/<code>anm-(\d{8})<\/code>/g)].map((m) => Number(m[1])));
    expect(ids).toEqual(items.map((_, i) => i + 1));
    // Titles are clipped before escaping: no entity is ever cut in half.
    expect(parts.every((p) => !/&(?!amp;|lt;|gt;|quot;)/.test(p.text))).toBe(true);
  });
});
