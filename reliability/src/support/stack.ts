import { startAi } from '@vigie/ai';
import { startAnomaly } from '@vigie/anomaly';
import { startCash } from '@vigie/cash';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { startMonitor } from '@vigie/monitor';
import { startNotification } from '@vigie/notification';
import { startReporting } from '@vigie/reporting';
import { startSync } from '@vigie/sync';
import { LocalBotApi, randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import type { Application } from 'express';
import { createServer } from 'node:net';

export const STACK_ADMIN = { login: 'chef.fiable', password: 'un mot de passe de fiabilité' } as const;
export const ADMIN_CHAT = '424242';

export type ServiceName = 'cash' | 'sync' | 'ai' | 'anomaly' | 'notification' | 'reporting' | 'monitor' | 'gateway';

export interface Stack {
  env: TestEnvironment;
  bot: LocalBotApi;
  services: Record<ServiceName, RunningService>;
  secrets: { authSecret: string; ingestToken: string };
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every service in this process on its own namespace and database, the gateway on a port the monitor knows. */
export async function startStack(name: string): Promise<Stack> {
  const env = await testEnvironment({ name });
  const bot = await LocalBotApi.start();
  const started: RunningService[] = [];
  const secrets = { authSecret: `reliability-${randomToken(32)}`, ingestToken: `ingest-${randomToken(24)}` };
  const stop = async () => {
    for (const s of [...started].reverse()) await s.stop().catch(() => undefined);
    await bot.stop().catch(() => undefined);
    await env.cleanup();
  };
  try {
    const common = { ...env.env, HOST: '127.0.0.1', LOG_LEVEL: 'error' };
    const keep = async (s: Promise<RunningService>) => {
      const r = await s;
      started.push(r);
      return r;
    };
    // One at a time: each runs its migrations on the shared throwaway database.
    const cash = await keep(startCash({ ...common, CASH_PORT: '0' }));
    const sync = await keep(startSync({ ...common, SYNC_PORT: '0', SYNC_TARGETS: JSON.stringify([{ name: 'compta', kind: 'http-put', url: 'http://127.0.0.1:9/exports/', timeoutMs: 200 }]) }));
    const ai = await keep(startAi({ ...common, AI_PORT: '0' }));
    const anomaly = await keep(startAnomaly({ ...common, ANOMALY_PORT: '0' }));
    const notification = await keep(
      startNotification({
        ...common,
        NOTIFICATION_PORT: '0',
        TELEGRAM_BOT_TOKEN: bot.token,
        TELEGRAM_API_ROOT: bot.apiRoot,
        TELEGRAM_ADMIN_CHAT_IDS: ADMIN_CHAT,
        TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
        ANOMALY_URL: anomaly.url,
      }),
    );
    const reporting = await keep(
      startReporting({ ...common, REPORTING_PORT: '0', ANOMALY_URL: anomaly.url, AGENDA_PROCESS_EVERY_MS: '500', AGENDA_LOCK_LIFETIME_MS: '2000' }),
    );
    const gatewayPort = await freePort();
    const monitor = await keep(
      startMonitor({
        ...common,
        MONITOR_PORT: '0',
        MONITOR_TARGETS: `gateway=http://127.0.0.1:${gatewayPort},cash=${cash.url},anomaly=${anomaly.url}`,
        MONITOR_PROBE_INTERVAL_MS: '1000',
        MONITOR_TICK_INTERVAL_MS: '1000',
      }),
    );
    const gateway = await keep(
      startGateway({
        ...common,
        GATEWAY_PORT: String(gatewayPort),
        AUTH_SECRET: secrets.authSecret,
        ADMIN_BOOTSTRAP_LOGIN: STACK_ADMIN.login,
        ADMIN_BOOTSTRAP_PASSWORD: STACK_ADMIN.password,
        INGEST_TOKENS: secrets.ingestToken,
        ANOMALY_URL: anomaly.url,
        MONITOR_URL: monitor.url,
        REPORTING_URL: reporting.url,
        NOTIFICATION_URL: notification.url,
      }),
    );
    return { env, bot, secrets, services: { cash, sync, ai, anomaly, notification, reporting, monitor, gateway }, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

/** `METHOD /path` of every route express serves in this Nest app (params as `:name`). */
export function expressRoutes(service: RunningService): { method: string; path: string }[] {
  const app = service.app.getHttpAdapter().getInstance() as Application & { router: { stack: unknown[] } };
  const out: { method: string; path: string }[] = [];
  for (const layer of app.router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all') continue;
      out.push({ method: method.toUpperCase(), path: layer.route.path });
    }
  }
  return out;
}
