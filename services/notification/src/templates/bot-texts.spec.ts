import { BOT_TEXTS, renderOpenAlerts, renderStatus, subscriptionButton } from './bot-texts';

const FR = { locale: 'fr' as const, timeZone: 'Europe/Paris' };
const EN = { locale: 'en' as const, timeZone: 'Europe/Paris' };

describe('bot texts', () => {
  it('/status lists every service and the open anomalies by severity', () => {
    const text = renderStatus(
      {
        targets: [
          { name: 'gateway', up: true, lastLatencyMs: 12, lastError: null, failingSince: null },
          { name: 'sync', up: false, lastLatencyMs: null, lastError: 'http 503 <down>', failingSince: '2026-11-30T07:00:00.000Z' },
          { name: 'ai', up: null, lastLatencyMs: null, lastError: null, failingSince: null },
        ],
        open: { critical: 1, warning: 2, info: 0 },
      },
      FR,
    );
    expect(text).toBe(
      [
        '📊 <b>État de Vigie</b>',
        '',
        '<b>Services</b>',
        '✅ gateway (12 ms)',
        '❌ sync — http 503 &lt;down&gt; — depuis le 30/11/2026 08:00',
        '❔ ai — pas encore sondé',
        '',
        '<b>Anomalies ouvertes</b> : 3',
        '🚨 Critique : 1 · ⚠️ Avertissement : 2 · ℹ️ Info : 0',
      ].join('\n'),
    );
  });

  it('/status says which source could not be asked', () => {
    expect(renderStatus({}, EN)).toBe(
      ['📊 <b>Vigie status</b>', '', '<b>Services</b>', '⚠️ the monitor cannot be reached', '', '<b>Open anomalies</b>: the anomaly service cannot be reached'].join('\n'),
    );
  });

  it('/alerts lists open anomalies with their short ids', () => {
    const items = [
      { anomalyId: 'anm-0123456789abcdef01234567', ruleId: 'service.down', siteId: 'global', severity: 'critical' as const, title: 'Service sync muet', lastSeenAt: 'x' },
    ];
    expect(renderOpenAlerts({ items, total: 3 }, FR)).toBe(
      [
        '🔔 <b>Anomalies ouvertes : 3</b>',
        '🚨 <b>Critique — Service indisponible</b> — Service sync muet · global · <code>anm-01234567</code>',
        '(1 sur 3 : le tableau de bord les liste toutes)',
        'Acquitter : /ack ID · Sourdine : /silence ID 1h',
      ].join('\n'),
    );
    expect(renderOpenAlerts({ items: [], total: 0 }, EN)).toBe('✅ No open anomaly.');
  });

  it('labels subscription buttons and escapes what users typed', () => {
    expect(subscriptionButton({ topic: 'cash.*', enabled: true, minSeverity: 'warning', resolved: true }, 'fr')).toBe('Caisse : ⚠️ Avertissement+');
    expect(subscriptionButton({ topic: 'ai.*', enabled: false, minSeverity: 'warning', resolved: true }, 'en')).toBe('AI: 🔕 off');
    expect(BOT_TEXTS.fr.unknownTopic('<x>')).toContain('Thème inconnu : &lt;x&gt;.');
    expect(BOT_TEXTS.en.unknownCommand('a<b')).toBe('Unknown command: /a&lt;b. See /help');
  });

  it('reports a test send honestly', () => {
    expect(
      BOT_TEXTS.fr.testResult([
        { channel: 'telegram', ok: true, detail: '#12' },
        { channel: 'email', ok: false, detail: 'smtp.550: mailbox <unavailable>' },
      ]),
    ).toBe(['🧪 <b>Notification de test</b>', '✅ Telegram : envoyée — #12', '❌ E-mail : ÉCHEC — smtp.550: mailbox &lt;unavailable&gt;'].join('\n'));
    expect(BOT_TEXTS.en.testResult([{ channel: 'telegram', ok: true, detail: '' }])).toBe('🧪 <b>Test notification</b>\n✅ Telegram: sent');
  });
});
