import { startAnomaly } from '@vigie/anomaly';
import { createEvent, encodeEvent, eventSubject, LIVE_NAMESPACE, type AnomalyPush, type AnyEvent, type LoginResponse } from '@vigie/contracts';
import { startGateway } from '@vigie/gateway';
import type { Env } from '@vigie/config';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { startNotification } from '@vigie/notification';
import { LocalBotApi } from '@vigie/testing';
import { io, type Socket } from 'socket.io-client';
import { benchEnvironment } from './environment';
import { GATEWAY_AUTH } from './ingest';
import { percentile } from './measure';
import { spawnService } from './pipeline';
import { workload, type WorkloadShape } from './workload';

const STARTERS: Record<'anomaly' | 'notification' | 'gateway', (env: Env) => Promise<RunningService>> = {
  anomaly: startAnomaly,
  notification: startNotification,
  gateway: startGateway,
};

const QUIET_CHAT = '424242';
/** A bot probe every this often: longer than the group window, so each is the first alert of a quiet chat. */
const GROUP_WINDOW_MS = 1000;
const BOT_PROBE_EVERY_MS = 1500;
const SOCKET_PROBE_EVERY_MS = 200;
const LATE_MS = 10_000;

export interface LatencyFigures {
  samples: number;
  lost: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LatencyRun {
  /** Publish → the `anomaly.alert.raised` event on ANOMALY (a core NATS subscriber): the anomaly service's share. */
  raised: LatencyFigures;
  socket: LatencyFigures;
  bot: LatencyFigures;
  /** Background events actually published per second. */
  backgroundRate: number;
  /** Anomaly transitions (raised, updated, resolved) the run put on ANOMALY, per second. */
  anomalyRate: number;
  inProcess: boolean;
  seconds: number;
}

async function json<T>(url: string, method: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A drawer short by `shortfall` € on a register of its own (so no repeated-variance rule mixes in). */
function probe(k: number, shortfall: number): AnyEvent {
  const expected = 150;
  const counted = Math.round((expected - shortfall) * 100) / 100;
  return createEvent(
    'cash.session.closed',
    {
      sessionId: `probe-${k}`,
      registerId: `probe-${k}`,
      operatorId: 'op-bench',
      openingAmount: 100,
      cashSales: 50,
      expectedCash: expected,
      countedCash: counted,
      variance: Math.round((counted - expected) * 100) / 100,
      totalSales: 80,
      salesCount: 5,
      comment: 'écart',
    },
    { source: 'cash', siteId: 'site-1', occurredAt: new Date().toISOString() },
  );
}

function figures(latencies: number[], lost: number): LatencyFigures {
  // A probe never received counts as infinitely late: it can only push the percentiles up.
  const all = [...latencies, ...Array<number>(lost).fill(Infinity)];
  return { samples: latencies.length, lost, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) };
}

/**
 * The anomaly, notification and gateway services (each in a process of its own as deployed, or with
 * `inProcess` all in this one; on a namespace and database of their own, Telegram replaced by the local
 * Bot API in this process) under a steady background of `backgroundPerSec` events;
 * probes are closings short of 15 € (every `SOCKET_PROBE_EVERY_MS`) and of 60.xx € (critical, every
 * `BOT_PROBE_EVERY_MS`). Latency: publish of the probe → its `anomaly.alert.raised` push on a Socket.IO
 * client of `/live`; critical probes → the `sendMessage` to a chat subscribed to critical cash variances
 * only, which nothing else writes to.
 */
export async function endToEndLatency(
  seconds: number,
  backgroundPerSec: number,
  shape: WorkloadShape,
  opts: { inProcess?: boolean } = {},
): Promise<LatencyRun> {
  const env = await benchEnvironment();
  const bot = await LocalBotApi.start();
  const services: { url: string; stop(): Promise<void> }[] = [];
  const start = async (name: keyof typeof STARTERS, serviceEnv: Record<string, string>) => {
    const service = opts.inProcess ? await STARTERS[name](serviceEnv) : await spawnService(name, serviceEnv);
    services.push(service);
    return service;
  };
  let socket: Socket | undefined;
  try {
    const common = { ...env.env, LOG_LEVEL: 'error' };
    const anomaly = await start('anomaly', { ...common, ANOMALY_PORT: '0' });
    const notification = await start('notification', {
      ...common,
      NOTIFICATION_PORT: '0',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: QUIET_CHAT,
      NOTIFY_GROUP_WINDOW_MS: String(GROUP_WINDOW_MS),
      ANOMALY_URL: anomaly.url,
    });
    const gateway = await start('gateway', {
      ...common,
      ...GATEWAY_AUTH,
      GATEWAY_PORT: '0',
      ANOMALY_URL: anomaly.url,
      NOTIFICATION_URL: notification.url,
    });

    const current = await json<{ items: { topic: string; minSeverity: string; resolved: boolean }[] }>(
      `${notification.url}/chats/${QUIET_CHAT}/subscriptions`,
      'GET',
    );
    const items = current.items.filter((s) => s.topic !== 'cash.variance').map((s) => ({ ...s, enabled: false }));
    items.push({ topic: 'cash.variance', enabled: true, minSeverity: 'critical', resolved: false });
    await json(`${notification.url}/chats/${QUIET_CHAT}/subscriptions`, 'PUT', { items });

    const { token } = await json<LoginResponse>(`${gateway.url}/api/auth/login`, 'POST', {
      login: GATEWAY_AUTH.ADMIN_BOOTSTRAP_LOGIN,
      password: GATEWAY_AUTH.ADMIN_BOOTSTRAP_PASSWORD,
    });
    const received = new Map<string, number>();
    socket = io(`${gateway.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    socket.on('anomaly', (push: AnomalyPush) => {
      if (push.eventType === 'anomaly.alert.raised' && !received.has(push.anomaly.key)) received.set(push.anomaly.key, Date.now());
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });

    const raisedAt = new Map<string, number>();
    const raisedSub = env.bus.nc.subscribe(`${env.bus.topo.root}.anomaly.alert.raised.>`, {
      callback: (_err, m) => {
        const key = (m.json() as { data?: { key?: string } }).data?.key;
        if (key && !raisedAt.has(key)) raisedAt.set(key, Date.now());
      },
    });
    const publisher = new EventPublisher(env.bus);
    const sentSocket = new Map<string, number>();
    const sentBot = new Map<string, number>();
    let k = 0;
    let botProbes = 0;
    const send = async (critical: boolean) => {
      const n = k++;
      const amount = critical ? 60 + (botProbes++ % 1000) / 100 : 15;
      const event = probe(n, amount);
      const at = Date.now();
      sentSocket.set(`probe-${n}`, at);
      if (critical) sentBot.set(amount.toFixed(2).replace('.', ','), at);
      await publisher.publish(event);
    };

    // Warm-up: the first probe of each kind goes through every lazy path before the clock starts.
    await send(true);
    const warmUntil = Date.now() + 15_000;
    while ((received.size < 1 || bot.calls('sendMessage').length < 1) && Date.now() < warmUntil) await sleep(50);
    sentSocket.clear();
    sentBot.clear();
    received.clear();
    raisedAt.clear();
    const warmCalls = bot.calls('sendMessage').length;

    // Encoded beforehand: the load generator shares this process with the services and must cost little.
    const background = [
      ...workload(Math.ceil(seconds * backgroundPerSec * 1.05), shape, {
        seed: 23,
        t0: Date.now(),
        stepMs: 1000 / backgroundPerSec,
        variances: false,
        idPrefix: 'bg-',
      }),
    ].map((e) => ({ subject: eventSubject(env.bus.topo, e), payload: encodeEvent(e), msgID: e.id }));
    const anomalyStream = env.bus.topo.streamName('ANOMALY');
    const anomaliesBefore = (await env.bus.jsm.streams.info(anomalyStream)).state.messages;
    const t0 = Date.now();
    const end = t0 + seconds * 1000;
    let published = 0;
    let nextSocket = t0;
    let nextBot = t0 + 500;
    const inflight = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>) => {
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    };
    while (Date.now() < end) {
      const tick = Date.now();
      const due = Math.floor(((tick - t0) / 1000) * backgroundPerSec) - published;
      for (let i = 0; i < due && published < background.length; i++) {
        const { subject, payload, msgID } = background[published++];
        track(env.bus.js.publish(subject, payload, { msgID }));
      }
      if (tick >= nextBot) {
        track(send(true));
        nextBot += BOT_PROBE_EVERY_MS;
      } else if (tick >= nextSocket) {
        track(send(false));
        nextSocket += SOCKET_PROBE_EVERY_MS;
      }
      await sleep(10);
    }
    const elapsed = Date.now() - t0;
    await Promise.all(inflight);
    const anomalies = (await env.bus.jsm.streams.info(anomalyStream)).state.messages - anomaliesBefore;

    const quiet = () => bot.calls('sendMessage').slice(warmCalls).filter((c) => String(c.params.chat_id) === QUIET_CHAT);
    const lateUntil = Date.now() + LATE_MS;
    while (Date.now() < lateUntil && (received.size < sentSocket.size || quiet().length < sentBot.size)) await sleep(50);

    raisedSub.unsubscribe();
    const socketLatencies: number[] = [];
    const raisedLatencies: number[] = [];
    for (const [key, at] of sentSocket) {
      const got = received.get(key);
      if (got !== undefined) socketLatencies.push(got - at);
      const raised = raisedAt.get(key);
      if (raised !== undefined) raisedLatencies.push(raised - at);
    }
    const botLatencies: number[] = [];
    for (const [amount, at] of sentBot) {
      const call = quiet().find((c) => String(c.params.text).includes(amount));
      if (call) botLatencies.push(call.at.getTime() - at);
    }
    return {
      raised: figures(raisedLatencies, sentSocket.size - raisedLatencies.length),
      socket: figures(socketLatencies, sentSocket.size - socketLatencies.length),
      bot: figures(botLatencies, sentBot.size - botLatencies.length),
      backgroundRate: Math.round((published / elapsed) * 1000),
      anomalyRate: Math.round((anomalies / elapsed) * 1000),
      inProcess: opts.inProcess ?? false,
      seconds: Math.round(elapsed / 1000),
    };
  } finally {
    socket?.close();
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await bot.stop();
    await env.cleanup();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
