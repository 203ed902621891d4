import { createEvent } from '@vigie/contracts';
import { LocalSmtpServer } from '@vigie/testing';
import { anomalyEvent, Harness, until } from '../test-support/harness';
import { emailRecipientId } from './email.channel';

const CHAT = 100200300;
const ADMINS = ['admin@ressourcerie.example', 'tresorier@ressourcerie.example'];

function weekly(reportId = 'rep-2026-W48') {
  return createEvent(
    'report.weekly.generated',
    { reportId, isoWeek: '2026-W48', kpis: { cashSessions: 42, salesTotal: 5123.4 } },
    { source: 'reporting', siteId: 'global', occurredAt: '2026-11-30T08:00:00.000Z' },
  );
}

/** Item 6 of the issue (and the REPORT side of item 3): e-mail through a real local SMTP server. */
describe('e-mail channel and reports (real NATS + Postgres + local Bot API + local SMTP)', () => {
  let h: Harness;
  let smtp: LocalSmtpServer;
  let output: string[];

  beforeEach(async () => {
    h = await Harness.create();
    smtp = await LocalSmtpServer.start({ users: { vigie: 'smtp-pa55word' } });
    output = [];
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      jest.spyOn(stream, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
        output.push(String(chunk));
        return write(chunk, ...rest);
      });
    }
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await h?.cleanup();
    await smtp?.stop();
  });

  const start = (extra: Record<string, string> = {}) =>
    h.start({
      TELEGRAM_ADMIN_CHAT_IDS: String(CHAT),
      SMTP_URL: smtp.url({ user: 'vigie', password: 'smtp-pa55word' }),
      EMAIL_TO: ADMINS.join(','),
      EMAIL_FROM: 'Vigie <vigie@ressourcerie.example>',
      LOG_LEVEL: 'warn',
      ...extra,
    });

  it('sends the weekly report to the chats and by e-mail, keeps it for /report, and announces deliveries without addresses', async () => {
    await start();
    const report = weekly();
    await h.publish(report);
    const mails = await smtp.waitForMessages(2, 10_000);
    expect(mails.map((m) => m.to).sort()).toEqual(ADMINS.map((a) => [a]).sort());
    for (const m of mails) {
      expect(m).toMatchObject({ from: 'vigie@ressourcerie.example', user: 'vigie', subject: 'Vigie — Rapport hebdomadaire — semaine 2026-W48' });
      expect(m.text).toContain('Sessions de caisse : 42\n');
      expect(m.html).toContain('<h2>Vigie — Rapport hebdomadaire — semaine 2026-W48</h2>');
    }
    await h.settled();
    const [telegram] = h.sentTo(CHAT);
    expect(String(telegram.params.text).split('\n')[0]).toBe('📊 <b>Rapport hebdomadaire — semaine 2026-W48</b>');

    const sent = await h.events('NOTIFY', 'notify.delivery.sent');
    expect(sent.map((e) => [e.data.channel, e.data.recipient]).sort()).toEqual(
      [['email', emailRecipientId(ADMINS[0])], ['email', emailRecipientId(ADMINS[1])], ['telegram', String(CHAT)]].sort(),
    );
    expect(JSON.stringify(sent)).not.toContain('@');

    expect((await h.say(CHAT, '/report')).params.text).toBe(telegram.params.text);

    // The same event delivered again, and the same report published again under a new id: nothing new.
    await h.env.bus.js.publish(`${h.env.bus.topo.root}.report.weekly.generated.global.weekly`, JSON.stringify(report), { msgID: 'again' });
    await h.publish(weekly());
    await new Promise((r) => setTimeout(r, 1500));
    await h.settled();
    expect(smtp.messages()).toHaveLength(2);
    expect(h.sentTo(CHAT)).toHaveLength(2);
    expect(output.join('')).not.toContain('smtp-pa55word');
  });

  it('e-mails critical alerts and their resolution when asked, not the others', async () => {
    await start({ EMAIL_CRITICAL_ALERTS: 'true', EMAIL_TO: ADMINS[0], NOTIFY_GROUP_WINDOW_MS: '0' });
    await h.publish(anomalyEvent('anomaly.alert.raised', 1, { severity: 'warning' }));
    await h.publish(anomalyEvent('anomaly.alert.raised', 2, { ruleId: 'service.down', severity: 'critical', title: 'Service sync muet', details: { service: 'sync' } }));
    await h.publish(
      anomalyEvent('anomaly.alert.resolved', 2, {
        ruleId: 'service.down',
        severity: 'critical',
        title: 'Service sync muet',
        details: {},
        resolvedAt: '2026-11-30T08:00:00.000Z',
      }),
    );
    await smtp.waitForMessages(2, 10_000);
    await h.settled();
    expect(smtp.messages().map((m) => m.subject)).toEqual([
      'Vigie — Critique — Service indisponible — Service sync muet',
      'Vigie — Résolue — Service indisponible — Service sync muet',
    ]);
    expect(smtp.messages()[1].text).toContain('Durée : 1 h\n');
    expect(h.sentTo(CHAT)).toHaveLength(3);
  });

  it('keeps an e-mail while the SMTP server is down and sends it once when it is back', async () => {
    await start({ EMAIL_TO: ADMINS[0], TELEGRAM_BREAKER_RESET_MS: '1000' });
    smtp.setDown(true);
    await h.publish(weekly());
    await until('a failed attempt', async () => (await h.events('NOTIFY', 'notify.delivery.failed')).some((e) => e.data.channel === 'email'), 10_000);
    const failed = (await h.events('NOTIFY', 'notify.delivery.failed')).find((e) => e.data.channel === 'email')!;
    expect(failed.data.error?.code).toBe('smtp.421');
    smtp.setDown(false);
    await smtp.waitForMessages(1, 15_000);
    await h.settled();
    expect(smtp.messages()).toHaveLength(1);
    expect((await h.events('NOTIFY', 'notify.delivery.sent')).filter((e) => e.data.channel === 'email')).toHaveLength(1);
  });

  it('sends real test notifications and reports what happened, never a fake success', async () => {
    await start();
    const ok = await h.request('POST', '/email/test');
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((i: { ok: boolean; recipient: string }) => [i.recipient, i.ok]).sort()).toEqual(ADMINS.map((a) => [emailRecipientId(a), true]).sort());
    expect((await smtp.waitForMessages(2)).map((m) => m.subject)).toEqual(['Vigie — notification de test', 'Vigie — notification de test']);

    smtp.rejectNext(1, { code: 550, message: 'mailbox unavailable' });
    const refused = await h.request('POST', '/email/test');
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('smtp.550');
    expect(refused.body.error.message).toMatch(/^1 of 2 test e-mail\(s\) not accepted: eml-[0-9a-f]{20} smtp\.550/);
    expect(refused.body.error.message).not.toContain('@');
    expect(smtp.messages()).toHaveLength(3);

    const chat = await h.request('POST', `/chats/${CHAT}/test`);
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ channel: 'telegram', recipient: String(CHAT), ok: true, messageId: expect.any(Number) });
    expect(String(h.sentTo(CHAT).at(-1)!.params.text)).toBe('✅ <b>Vigie : notification de test</b>\nCe chat recevra les alertes auxquelles il est abonné.');

    h.bot.failNext(1, { status: 403, description: 'Forbidden: bot was blocked by the user', method: 'sendMessage' });
    const blocked = await h.request('POST', `/chats/${CHAT}/test`);
    expect(blocked).toEqual({ status: 502, body: { error: { code: 'telegram.403', message: 'Forbidden: bot was blocked by the user' } } });
    expect((await h.request('POST', '/chats/42/test')).status).toBe(404);

    const reply = await h.say(CHAT, '/test');
    expect(String(reply.params.text)).toBe('✅ <b>Vigie : notification de test</b>\nCe chat recevra les alertes auxquelles il est abonné.');
    await until('the /test report', () => String(h.sentTo(CHAT).at(-1)!.params.text).startsWith('🧪'));
    expect(String(h.sentTo(CHAT).at(-1)!.params.text)).toMatch(/^🧪 <b>Notification de test<\/b>\n✅ Telegram : envoyée — #\d+\n✅ E-mail : envoyée\n✅ E-mail : envoyée$/);
  });

  it('tells subscribed chats about maintenance recommendations from warning up, not about their clearing by default', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(CHAT), NOTIFY_GROUP_WINDOW_MS: '0', NOTIFY_CHAT_INTERVAL_MS: '100' });
    const reco = (type: 'report.recommendation.issued' | 'report.recommendation.cleared', severity: 'info' | 'warning', id: string) =>
      createEvent(
        type,
        { recommendationId: id, kind: 'register-training', severity, title: `Caisse ${id} : écarts répétés`, evidence: [], actions: ['Revoir le comptage'] },
        { source: 'anomaly', siteId: 'site-1' },
      );
    await h.publish(reco('report.recommendation.issued', 'info', 'r1'));
    await h.publish(reco('report.recommendation.issued', 'warning', 'r2'));
    await h.publish(reco('report.recommendation.cleared', 'warning', 'r2'));
    await until('the recommendation', () => h.sentTo(CHAT).length === 1);
    await new Promise((r) => setTimeout(r, 1000));
    await h.settled();
    expect(h.sentTo(CHAT).map((c) => c.params.text)).toEqual([
      '🛠 <b>Recommandation de maintenance</b> — ⚠️ Avertissement\nCaisse r2 : écarts répétés\nSite : site-1\n\n• Revoir le comptage',
    ]);
  });

  it('says e-mail is off when no SMTP_URL is set', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(CHAT) });
    expect(await h.request('POST', '/email/test')).toEqual({ status: 409, body: { error: { code: 'email.off', message: 'no SMTP_URL configured' } } });
  });
});
