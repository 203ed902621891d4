import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { killChild, startChildService } from '../test-support/child-service';
import { anomalyEvent, Harness, shortOf, until } from '../test-support/harness';

const CHATS = [100200300, 400500600];
const startProcess = async (env: Record<string, string>) => (await startChildService('notification', env)).process;
const killHard = (child: ChildProcess) => killChild(child);

/** The service killed with SIGKILL in the middle of deliveries: after a restart nothing is sent twice, nothing is lost silently. */
describe('notification service killed during delivery', () => {
  let h: Harness;
  let child: ChildProcess | undefined;
  let db: Client;

  beforeAll(async () => {
    h = await Harness.create();
  });

  afterAll(async () => {
    if (child) await killHard(child);
    await db?.end();
    await h?.cleanup();
  });

  async function rows(): Promise<{ recipient: string; anomaly_id: string; status: string }[]> {
    return (await db.query(`select "recipient", "anomaly_id", "status" from "notification"."delivery" order by "seq"`)).rows;
  }

  it('never sends twice and accounts for every notification, whether the kill landed before or after the send was recorded', async () => {
    const env = h.serviceEnv({ TELEGRAM_ADMIN_CHAT_IDS: CHATS.join(','), NOTIFY_GROUP_WINDOW_MS: '0', NOTIFY_CHAT_INTERVAL_MS: '300', LOG_LEVEL: 'warn' });
    child = await startProcess(env);
    db = new Client({ connectionString: h.env.database.url });
    await db.connect();

    const N = 12;
    for (let n = 1; n <= N; n++) await h.publish(anomalyEvent('anomaly.alert.raised', n));
    // Kill the moment Telegram has taken the third message: its delivery may not be recorded yet.
    await h.bot.waitForCalls('sendMessage', 3, 20_000);
    await killHard(child);
    const sentBeforeKill = h.bot.calls('sendMessage').length;
    expect(sentBeforeKill).toBeLessThan(2 * N);

    child = await startProcess(env);
    await until(
      'every delivery closed',
      async () => {
        const r = await rows();
        return r.length === 2 * N && r.every((x) => x.status === 'sent' || x.status === 'in-doubt');
      },
      40_000,
      200,
    );

    for (const chat of CHATS) {
      const ids = h.sentTo(chat).flatMap((c) => [...String(c.params.text).matchAll(/<code>(anm-[0-9a-f]{8})<\/code>/g)].map((m) => m[1]));
      // Never twice.
      expect(new Set(ids).size).toBe(ids.length);
      const mine = (await rows()).filter((r) => r.recipient === String(chat));
      const inDoubt = mine.filter((r) => r.status === 'in-doubt').map((r) => r.anomaly_id.slice(0, 12));
      const sent = mine.filter((r) => r.status === 'sent').map((r) => r.anomaly_id.slice(0, 12));
      // Never lost silently: each anomaly reached the chat, or its delivery says it may have (in-doubt:
      // the call was under way when the process died — Telegram may have shown it, so it is not resent).
      expect([...new Set([...ids, ...inDoubt])].sort()).toEqual(Array.from({ length: N }, (_, i) => shortOf(i + 1)).sort());
      expect(sent.every((id) => ids.includes(id))).toBe(true);
      // In doubt only what was under way when the process died: at most one message per chat.
      expect(inDoubt.length).toBeLessThanOrEqual(1);
    }
    const inDoubtRows = (await rows()).filter((r) => r.status === 'in-doubt');
    const failed = await h.events('NOTIFY', 'notify.delivery.failed');
    expect(failed.filter((e) => e.data.error?.code === 'delivery.in-doubt')).toHaveLength(inDoubtRows.length);
    expect(await h.events('NOTIFY', 'notify.delivery.sent')).toHaveLength(2 * N - inDoubtRows.length);
  }, 90_000);
});
