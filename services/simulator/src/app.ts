import { parseEnv, type Env } from '@vigie/config';
import { AiApi, CashApi, IngestApi, SyncApi } from './drive/apis';
import { Heartbeats, HEARTBEAT_SERVICE } from './drive/heartbeats';
import { waitReady } from './drive/http';
import { Simulation } from './drive/simulation';
import { SimulatedModel } from './outside/simulated-model.server';
import { SimulatedPartner } from './outside/simulated-partner.server';
import { parisMidnightDaysBefore } from './plan/calendar';
import type { PlanContext } from './plan/day-plan';
import { selectScenarios } from './plan/scenarios';
import { layShop } from './plan/shop';
import { SimClock } from './plan/sim-clock';
import { SimulatorEnv, type SimulatorConfig } from './config';

export interface RunningSimulator {
  model: SimulatedModel;
  partner: SimulatedPartner;
  clock: SimClock;
  context: PlanContext;
  /** Resolves when the configured number of days is simulated (never without `SIMULATOR_DAYS`). */
  done: Promise<void>;
  /** Stops the lanes, closes open sessions, stops heartbeats, closes the simulated model and partner it started. */
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  log?: (line: string) => void;
  /** Already listening (a test starts them first, to give their URLs to the ai and sync services). */
  model?: SimulatedModel;
  partner?: SimulatedPartner;
  now?: () => number;
}

/** The services this run drives: those that answered; the cash service is required. */
async function readyServices(config: SimulatorConfig, log: (l: string) => void) {
  const wait = config.SIMULATOR_WAIT_SECONDS * 1000;
  const check = async (name: string, url: string, what: string) => {
    const ok = await waitReady(url, wait);
    if (!ok) log(`${name} at ${url} is not ready after ${config.SIMULATOR_WAIT_SECONDS} s: no ${what} in this run`);
    return ok;
  };
  const [cash, ai, sync, gateway] = await Promise.all([
    check('cash', config.CASH_URL, 'sessions'),
    check('ai', config.AI_URL, 'deposits'),
    check('sync', config.SYNC_URL, 'exports'),
    config.INGEST_TOKEN ? check('gateway', config.GATEWAY_URL, 'logins nor heartbeats') : Promise.resolve(false),
  ]);
  if (!cash) throw new Error(`the cash service at ${config.CASH_URL} is not ready: nothing to simulate`);
  return { ai, sync, gateway };
}

/**
 * Starts the simulator: its simulated outside world (an AI model, an export partner), then a
 * compressed week of the organisation driven through the cash, ai, sync and ingest APIs.
 */
export async function startSimulator(env: Env, opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config = parseEnv('simulator', SimulatorEnv, env);
  const log = opts.log ?? ((line: string) => console.log(line));
  const scenarios = selectScenarios(config.SIMULATOR_SCENARIOS);
  const model =
    opts.model ??
    (await SimulatedModel.start({ host: config.HOST, port: config.SIMULATOR_MODEL_PORT, latencyScale: config.SIMULATOR_MODEL_LATENCY_SCALE }));
  const partner = opts.partner ?? (await SimulatedPartner.start({ host: config.HOST, port: config.SIMULATOR_PARTNER_PORT }));
  const closeOwn = async () => {
    if (!opts.model) await model.close();
    if (!opts.partner) await partner.close();
  };
  log(`simulated AI model at ${model.url}, simulated export partner at ${partner.url}`);
  let ready: Awaited<ReturnType<typeof readyServices>>;
  let targets: string[];
  try {
    ready = await readyServices(config, log);
    // Targets the sync service runs on its own schedule are left to it: two clocks on one target would not tell one story.
    targets = ready.sync ? (await new SyncApi(config.SYNC_URL).targets()).filter((t) => t.scheduleMs === 0).map((t) => t.name) : [];
  } catch (e) {
    await closeOwn();
    throw e;
  }
  if (!config.INGEST_TOKEN) log('INGEST_TOKEN is not set: no logins and no heartbeats are simulated');

  const ai = ready.ai ? new AiApi(config.AI_URL) : undefined;
  const sync = ready.sync ? new SyncApi(config.SYNC_URL) : undefined;
  const ingest = ready.gateway && config.INGEST_TOKEN ? new IngestApi(config.GATEWAY_URL, config.INGEST_TOKEN) : undefined;
  const partnerTarget = targets.includes(config.SIMULATOR_PARTNER_TARGET) ? config.SIMULATOR_PARTNER_TARGET : undefined;
  const primary = ai ? await ai.primaryModel().catch(() => undefined) : undefined;

  const now = opts.now ?? Date.now;
  const startMs = config.SIMULATOR_SPEED > 1 ? parisMidnightDaysBefore(now(), config.SIMULATOR_HISTORY_DAYS) : now();
  const clock = new SimClock(startMs, config.SIMULATOR_SPEED, now);
  const context: PlanContext = {
    seed: config.SIMULATOR_SEED,
    shop: layShop({ sites: config.SIMULATOR_SITES, registersPerSite: config.SIMULATOR_REGISTERS_PER_SITE, seed: config.SIMULATOR_SEED }),
    firstDayMs: parisMidnightDaysBefore(startMs, 0),
    startMs,
    syncTargets: targets,
    ...(partnerTarget ? { partnerTarget } : {}),
    heartbeatService: HEARTBEAT_SERVICE,
    crashMs: config.SIMULATOR_CRASH_SECONDS * 1000,
  };

  const speed = config.SIMULATOR_SPEED === 1440 ? 'a day per minute' : `×${config.SIMULATOR_SPEED}`;
  log(
    `simulating ${context.shop.sites.length} site(s) × ${config.SIMULATOR_REGISTERS_PER_SITE} register(s) ` +
      `from ${new Date(startMs).toISOString()} at ${speed}` +
      (config.SIMULATOR_DAYS ? ` for ${config.SIMULATOR_DAYS} day(s)` : ', then in real time once caught up with now') +
      `; nightly exports to ${targets.length ? targets.join(', ') : 'no target'}; ai provider ${primary ?? 'unknown'}`,
  );
  for (const s of scenarios) log(`scenario ${s.id} (${s.rules.join(', ')}): ${s.summary}`);
  const skip = (id: string, why: string) => scenarios.some((s) => s.id === id) && log(`scenario ${id} will have no effect: ${why}`);
  if (!partnerTarget) {
    const target = config.SIMULATOR_PARTNER_TARGET;
    skip('sync-outage', `the sync service has no unscheduled target ${target} (an http-put target with url ${partner.url})`);
  }
  if (!ai || primary === 'local-rules-v1') {
    const how = `AI_PROVIDER=http AI_PROVIDER_URL=${model.url} AI_PROVIDER_MODEL=<name>`;
    skip('ai-degradation', `the ai service does not call the simulated model (start it with ${how})`);
  }
  if (!ingest) {
    skip('brute-force', 'no INGEST_TOKEN (or the gateway is not ready)');
    skip('service-crash', 'no INGEST_TOKEN (or the gateway is not ready)');
  }

  const heartbeats = ingest
    ? new Heartbeats((e) => ingest.send(e), {
        service: HEARTBEAT_SERVICE,
        siteId: context.shop.sites[0].siteId,
        intervalMs: config.SIMULATOR_HEARTBEAT_MS,
        log,
      })
    : undefined;
  heartbeats?.start();
  const simulation = new Simulation({
    clock,
    ctx: context,
    scenarios,
    days: config.SIMULATOR_DAYS,
    cash: new CashApi(config.CASH_URL),
    ...(ai ? { ai } : {}),
    ...(sync ? { sync } : {}),
    ...(ingest ? { ingest } : {}),
    ...(heartbeats ? { heartbeats } : {}),
    model,
    partner,
    log,
  });
  const done = simulation.run().then(() => {
    if (config.SIMULATOR_DAYS) log(`simulated ${config.SIMULATOR_DAYS} day(s)`);
  });
  let stopped: Promise<void> | undefined;
  return {
    model,
    partner,
    clock,
    context,
    done,
    stop: () =>
      (stopped ??= (async () => {
        await simulation.stop();
        heartbeats?.stop();
        await closeOwn();
      })()),
  };
}
