import { TELEGRAM_MAX_CHARS } from '../templates/format';
import { anomalyEvent, Harness, shortOf, sleep, until } from '../test-support/harness';
import type { BotApiCall } from '@vigie/testing';

const CHAT = 100200300;
const OTHER = 400500600;

const idsIn = (calls: BotApiCall[]) => calls.flatMap((c) => [...String(c.params.text).matchAll(/<code>(anm-[0-9a-f]{8})<\/code>/g)].map((m) => m[1]));
const gaps = (calls: BotApiCall[]) => calls.slice(1).map((c, i) => c.at.getTime() - calls[i].at.getTime());

/** Item 4 of the issue: never lose, never flood. */
describe('delivery dispatcher (real NATS + Postgres + local Bot API)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.create();
  });

  afterEach(async () => {
    await h?.cleanup();
  });

  it('turns a storm of 50 anomalies for one chat into the first alert at once and a few digests, 1 message/s at most', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(CHAT) });
    const t0 = Date.now();
    let last = 0;
    for (let n = 1; n <= 50; n++) last = await h.publish(anomalyEvent('anomaly.alert.raised', n));
    await h.handled(last);
    await h.settled(20_000);

    const sends = h.sentTo(CHAT);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(sends.length).toBeLessThanOrEqual(4);
    // The first alert was not held for the grouping window.
    expect(sends[0].at.getTime() - t0).toBeLessThan(1500);
    expect(String(sends[0].params.text)).toMatch(/^⚠️ <b>Avertissement — Écart de caisse<\/b>\n/);
    expect(sends[0].params.reply_markup).toBeDefined();
    expect(String(sends[1].params.text)).toMatch(/^🔔 <b>Résumé : 49 notifications<\/b>/);
    expect(idsIn(sends)).toEqual(Array.from({ length: 50 }, (_, i) => shortOf(i + 1)));
    expect(sends.every((c) => String(c.params.text).length <= TELEGRAM_MAX_CHARS)).toBe(true);
    for (const gap of gaps(sends)) expect(gap).toBeGreaterThanOrEqual(990);
    expect(h.bot.calls('sendMessage').every((c) => c.status === 200)).toBe(true);

    const sent = await h.events('NOTIFY', 'notify.delivery.sent');
    expect(sent).toHaveLength(50);
    expect(new Set(sent.map((e) => e.data.deliveryId)).size).toBe(50);
    const sizes = await h.sql<{ digest_size: number; n: number }>(`select "digest_size", count(*)::int as n from "delivery" group by 1 order by 1`);
    expect(sizes).toEqual([
      { digest_size: 1, n: 1 },
      { digest_size: 49, n: 49 },
    ]);
  }, 45_000);

  it('sends at most 25 messages per second over every chat', async () => {
    const chats = Array.from({ length: 60 }, (_, i) => 700000 + i);
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: chats.join(',') });
    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 1)));
    await h.settled(20_000);
    const times = h.bot
      .calls('sendMessage')
      .filter((c) => c.status === 200)
      .map((c) => c.at.getTime());
    expect(times).toHaveLength(60);
    expect(new Set(h.bot.calls('sendMessage').map((c) => c.params.chat_id)).size).toBe(60);
    // Times are taken where the Bot API receives the calls, so a loaded machine delivers some late and the next ones
    // in a bunch: the 25-per-second limit is checked over 900 ms windows (100 ms of arrival jitter), and the whole
    // burst of 60 must still take more than 2 s.
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 900).length));
    if (busiest > 25) console.log(JSON.stringify(times.map((t) => t - times[0])));
    expect(busiest).toBeLessThanOrEqual(25);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2000);
  }, 45_000);

  it('obeys a 429 retry_after of 3 s for that chat only, then sends what waited, once', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: `${CHAT},${OTHER}`, NOTIFY_GROUP_WINDOW_MS: '2000' });
    h.bot.rateLimitNext(1, 3, 'sendMessage');
    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 2, {}, 'site-2')));
    await until('the 429', () => h.bot.calls('sendMessage').some((c) => c.status === 429), 15_000);
    const limited = String(h.bot.calls('sendMessage').find((c) => c.status === 429)!.params.chat_id);
    const free = [String(CHAT), String(OTHER)].find((c) => c !== limited)!;
    // Another alert arrives while the chat waits: it waits too.
    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 3)));
    await h.settled(20_000);

    const toLimited = h.bot.calls('sendMessage').filter((c) => String(c.params.chat_id) === limited);
    expect(toLimited.map((c) => c.status)).toEqual([429, 200]);
    expect(toLimited[1].at.getTime() - toLimited[0].at.getTime()).toBeGreaterThanOrEqual(3000);
    expect(idsIn(toLimited.slice(1))).toEqual([shortOf(2), shortOf(3)]);
    // The other chat was never held by it.
    expect(idsIn(h.sentTo(free))).toEqual([shortOf(2), shortOf(3)]);
    expect(h.sentTo(free)[0].at.getTime()).toBeLessThan(toLimited[1].at.getTime() - 2000);

    const events = (await h.deliveryEvents()).filter((e) => e.data.recipient === limited && e.data.anomalyId?.startsWith(shortOf(2)));
    expect(events.map((e) => [e.type, e.data.attempt, e.data.error?.code])).toEqual([
      ['notify.delivery.failed', 1, 'telegram.429'],
      ['notify.delivery.sent', 2, undefined],
    ]);
  }, 45_000);

  it('loses nothing while the Bot API is down, stops hammering it, and delivers everything once, in order, when it is back', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: `${CHAT},${OTHER}`, TELEGRAM_BREAKER_RESET_MS: '2000' });
    h.bot.setDown(true);
    let last = 0;
    for (let n = 1; n <= 6; n++) {
      last = await h.publish(anomalyEvent('anomaly.alert.raised', n, { severity: n === 4 ? 'critical' : 'warning' }));
      await sleep(400);
    }
    await h.handled(last);
    await until('the breaker to open', async () => {
      const ready = await h.request('GET', '/health/ready');
      return ready.status === 503 && JSON.stringify(ready.body).includes('circuit open');
    });
    await sleep(3000);
    const attemptsWhileDown = (await h.events('NOTIFY', 'notify.delivery.failed')).length;
    expect(await h.sql(`select "status" from "delivery" where "status" not in ('pending', 'sending')`)).toEqual([]);

    h.bot.setDown(false);
    await h.settled(20_000);

    for (const chat of [CHAT, OTHER]) {
      expect(idsIn(h.sentTo(chat))).toEqual([1, 2, 3, 4, 5, 6].map(shortOf));
      expect(h.sentTo(chat).length).toBeLessThanOrEqual(3);
    }
    expect(h.bot.calls('sendMessage').every((c) => c.status === 200)).toBe(true);
    const sent = await h.events('NOTIFY', 'notify.delivery.sent');
    expect(sent).toHaveLength(12);
    expect(new Set(sent.map((e) => e.data.deliveryId)).size).toBe(12);
    // Each failed attempt is recorded, and the breaker kept them few: about 6 s down, 2 chats.
    const failed = await h.events('NOTIFY', 'notify.delivery.failed');
    expect(failed.every((e) => e.data.error?.code === 'telegram.network')).toBe(true);
    expect(new Set(failed.map((e) => e.id)).size).toBe(failed.length);
    const perDelivery = new Map<string, number>();
    for (const e of failed) perDelivery.set(e.data.deliveryId, (perDelivery.get(e.data.deliveryId) ?? 0) + 1);
    expect(Math.max(...perDelivery.values())).toBeLessThanOrEqual(5);
    expect(attemptsWhileDown).toBeGreaterThan(0);
    expect(await h.sql(`select distinct "status" from "delivery"`)).toEqual([{ status: 'sent' }]);
  }, 55_000);
});
