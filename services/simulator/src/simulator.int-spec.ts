// The point of this test is the simulator driving the real services, and the real detectors judging the result.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startAi } from '@vigie/ai';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startAnomaly } from '@vigie/anomaly';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startCash } from '@vigie/cash';
import { createEvent, type AnyEvent, type Envelope, type StreamId } from '@vigie/contracts';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startSync } from '@vigie/sync';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startSimulator, type RunningSimulator } from './app';
import { HEARTBEAT_SERVICE } from './drive/heartbeats';
import { SimulatedModel } from './outside/simulated-model.server';
import { SimulatedPartner } from './outside/simulated-partner.server';
import { dayAt, nthDay } from './plan/calendar';
import { planDay } from './plan/plan-day';
import { troubledRegister } from './plan/scenarios/variance-streak.scenario';

const INGEST_TOKEN = 'simulator-int-spec-ingest-token-0123';
const MODEL = 'simu-vision-1';
const PARTNER_TARGET = 'compta-simulee';
const DAYS = 4;
const CRASH_SECONDS = 2.5;
const DAY_MS = 86_400_000;

type Alert = Envelope<'anomaly.alert.raised'>;
const alert = (e: AnyEvent) => e.data as { ruleId: string; key: string; severity: string };

/** The real services of one simulated organisation, in their own namespace and database. */
class Stack {
  readonly services: RunningService[] = [];
  readonly lines: string[] = [];
  urls!: { cash: string; ai: string; sync: string; gateway: string; anomaly: string };
  simulator?: RunningSimulator;
  private ticking?: NodeJS.Timeout;

  private constructor(
    readonly env: TestEnvironment,
    readonly model: SimulatedModel,
    readonly partner: SimulatedPartner,
  ) {}

  static async start(name: string, opts: { aiProvider: 'local' | 'http' }): Promise<Stack> {
    const env = await testEnvironment({ name });
    const model = await SimulatedModel.start({ host: '127.0.0.1', port: 0, latencyScale: 0.02 });
    const partner = await SimulatedPartner.start({ host: '127.0.0.1', port: 0 });
    const stack = new Stack(env, model, partner);
    const common = { ...env.env, LOG_LEVEL: 'error' };
    const boot = async (service: Promise<RunningService>) => {
      const running = await service;
      stack.services.push(running);
      return running;
    };
    const [cash, ai, sync, gateway, anomaly] = await Promise.all([
      boot(startCash({ ...common, CASH_PORT: '0', CASH_OUTBOX_INTERVAL_MS: '100' })),
      boot(
        startAi({
          ...common,
          AI_PORT: '0',
          AI_OUTBOX_INTERVAL_MS: '100',
          ...(opts.aiProvider === 'http' ? { AI_PROVIDER: 'http', AI_PROVIDER_URL: model.url, AI_PROVIDER_MODEL: MODEL } : {}),
        }),
      ),
      boot(
        startSync({
          ...common,
          SYNC_PORT: '0',
          SYNC_OUTBOX_INTERVAL_MS: '100',
          SYNC_MAX_ATTEMPTS: '2',
          SYNC_RETRY_BASE_MS: '20',
          SYNC_RETRY_MAX_MS: '40',
          // Open after the outage's failures, the breaker lets the next night's export (a third of a real second later) try.
          SYNC_BREAKER_RESET_MS: '100',
          SYNC_TARGETS: JSON.stringify([{ name: PARTNER_TARGET, kind: 'http-put', siteId: 'site-1', url: partner.url, timeoutMs: 2000 }]),
        }),
      ),
      boot(
        startGateway({
          ...common,
          GATEWAY_PORT: '0',
          INGEST_TOKENS: INGEST_TOKEN,
          AUTH_SECRET: 'simulator-int-spec-auth-secret-0123456789',
        }),
      ),
      boot(startAnomaly({ ...common, ANOMALY_PORT: '0' })),
    ]);
    stack.urls = { cash: cash.url, ai: ai.url, sync: sync.url, gateway: gateway.url, anomaly: anomaly.url };
    return stack;
  }

  /** A compressed run of the DAYS past days. */
  async simulate(scenarios: string, extra: Record<string, string> = {}, now?: () => number): Promise<RunningSimulator> {
    this.simulator = await startSimulator(
      {
        CASH_URL: this.urls.cash,
        AI_URL: this.urls.ai,
        SYNC_URL: this.urls.sync,
        GATEWAY_URL: this.urls.gateway,
        INGEST_TOKEN,
        // A simulated day per real second: the exports' retries and the AI breaker keep their real timings.
        SIMULATOR_SPEED: '86400',
        SIMULATOR_HISTORY_DAYS: String(DAYS),
        SIMULATOR_DAYS: String(DAYS),
        SIMULATOR_SITES: '1',
        SIMULATOR_REGISTERS_PER_SITE: '2',
        SIMULATOR_SEED: '7',
        SIMULATOR_SCENARIOS: scenarios,
        SIMULATOR_PARTNER_TARGET: PARTNER_TARGET,
        SIMULATOR_HEARTBEAT_MS: '200',
        SIMULATOR_CRASH_SECONDS: String(CRASH_SECONDS),
        SIMULATOR_WAIT_SECONDS: '10',
        ...extra,
      },
      { model: this.model, partner: this.partner, log: (line) => this.lines.push(line), ...(now ? { now } : {}) },
    );
    if (extra.SIMULATOR_DAYS !== '0') await this.simulator.done;
    return this.simulator;
  }

  /** The monitor's clock of absence rules (the monitor is not part of this stack): a tick now, and every `everyMs`. */
  async tick(everyMs?: number): Promise<void> {
    const publisher = new EventPublisher(this.env.bus);
    const tick = () => publisher.publish(createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global' }));
    await tick();
    if (everyMs) this.ticking = setInterval(() => void tick().catch(() => undefined), everyMs);
  }

  /** Waits until every service has relayed its outbox and the anomaly service has consumed every stream. */
  async settled(): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < 200 && quiet < 3; i++) {
      const pending = await Promise.all(
        Object.values(this.urls).map(async (url) => {
          const body = (await (await fetch(`${url}/health/ready`)).json()) as { details?: Record<string, { pending?: number }> };
          return Object.values(body.details ?? {}).reduce((sum, d) => sum + (d.pending ?? 0), 0);
        }),
      );
      quiet = pending.every((p) => p === 0) ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  events(stream: StreamId): Promise<AnyEvent[]> {
    return collectEvents(this.env.bus, stream).then((found) => found.map((f) => f.event));
  }

  async raised(): Promise<Alert['data'][]> {
    return (await this.events('ANOMALY')).flatMap((e) => (e.type === 'anomaly.alert.raised' ? [(e as Alert).data] : []));
  }

  async waitRaised(ruleId: string, key: string): Promise<Alert['data']> {
    const found = await this.waitAlert('raised', ruleId, key);
    return (found as Alert).data;
  }

  waitResolved(ruleId: string, key: string): Promise<AnyEvent> {
    return this.waitAlert('resolved', ruleId, key);
  }

  private async waitAlert(action: string, ruleId: string, key: string): Promise<AnyEvent> {
    const match = (e: AnyEvent) => e.type === `anomaly.alert.${action}` && alert(e).ruleId === ruleId && alert(e).key === key;
    return (await waitForEvent(this.env.bus, 'ANOMALY', match, { timeoutMs: 20_000 })).event;
  }

  async stop(): Promise<void> {
    clearInterval(this.ticking);
    await this.simulator?.stop();
    for (const service of this.services.reverse()) await service.stop();
    await this.model.close();
    await this.partner.close();
    await this.env.cleanup();
  }
}

const data = <T>(e: AnyEvent) => e.data as T;
const at = (e: AnyEvent) => Date.parse(e.occurredAt);

/** Most failures of one model within its last 100 classifications (from 20 on), in %. */
function worstErrorRate(events: AnyEvent[], model: string): number {
  const samples = events.filter(
    (e) => (e.type === 'ai.classification.completed' || e.type === 'ai.classification.failed') && data<{ model: string }>(e).model === model,
  );
  let worst = 0;
  for (let end = 20; end <= samples.length; end++) {
    const window = samples.slice(Math.max(0, end - 100), end);
    worst = Math.max(worst, (window.filter((e) => e.type === 'ai.classification.failed').length * 100) / window.length);
  }
  return worst;
}

/** Most failed logins of one principal within 15 minutes of event time. */
function worstBurst(events: AnyEvent[]): number {
  const failed = events.filter((e) => e.type === 'auth.login.failed');
  const principal = (e: AnyEvent) => data<{ principal: string }>(e).principal;
  const within = (f: AnyEvent, o: AnyEvent) => principal(o) === principal(f) && at(o) <= at(f) && at(f) - at(o) < 15 * 60_000;
  return Math.max(0, ...failed.map((f) => failed.filter((o) => within(f, o)).length));
}

/** Longest silence between two heartbeats of the simulated service, ms. */
function longestSilence(events: AnyEvent[]): number {
  const beats = events.filter((e) => e.type === 'ops.heartbeat.emitted' && e.data.service === HEARTBEAT_SERVICE).map(at).sort((a, b) => a - b);
  return Math.max(0, ...beats.slice(1).map((t, i) => t - beats[i]));
}

describe('simulator driving the real cash, ai, sync, gateway and anomaly services', () => {
  describe('a plain run', () => {
    let stack: Stack;
    let simulator: RunningSimulator;

    beforeAll(async () => {
      stack = await Stack.start('simulator-plain', { aiProvider: 'local' });
      simulator = await stack.simulate('none');
      await stack.tick();
      await stack.settled();
    }, 300_000);

    afterAll(async () => {
      await stack?.stop();
    });

    it('goes through every API: sessions and sales as planned, deposits classified and corrected, nightly exports, logins, heartbeats', async () => {
      const planned = Array.from({ length: DAYS }, (_, i) => planDay(simulator.context, i, []));
      const cash = await stack.events('CASH');
      const closed = cash.filter((e) => e.type === 'cash.session.closed');
      expect(closed).toHaveLength(planned.flatMap((d) => d.sessions).length);
      const sales = planned.flatMap((d) => d.sessions.flatMap((s) => s.sales));
      expect(cash.filter((e) => e.type === 'cash.sale.recorded')).toHaveLength(sales.length);
      // event times are the simulated ones: the past days, opened in the Paris morning
      expect(closed.every((e) => at(e) < Date.now() - 5 * 3_600_000 && at(e) > Date.now() - (DAYS + 1) * DAY_MS)).toBe(true);
      const methods = new Set(cash.flatMap((e) => (e.type === 'cash.sale.recorded' ? [e.data.paymentMethod] : [])));
      expect([...methods].sort()).toEqual(['card', 'cash', 'check', 'other']);

      const ai = await stack.events('AI');
      const completed = ai.filter((e) => e.type === 'ai.classification.completed');
      expect(completed).toHaveLength(planned.flatMap((d) => d.deposits).length);
      expect(new Set(completed.map((e) => data<{ model: string }>(e).model))).toEqual(new Set(['local-rules-v1']));
      // volunteers correct exactly the answers that are not what the object is
      const truth = new Map(planned.flatMap((d) => d.deposits).map((d) => [d.depositId, d.category]));
      type Deposit = { depositId: string; category?: string; toCategory?: string };
      const deposit = (e: AnyEvent) => data<Deposit>(e);
      const wrong = completed.filter((e) => deposit(e).category !== truth.get(deposit(e).depositId)).map((e) => deposit(e).depositId);
      const corrected = ai.filter((e) => e.type === 'ai.classification.corrected');
      expect(corrected.map((e) => deposit(e).depositId).sort()).toEqual(wrong.sort());
      expect(corrected.every((e) => deposit(e).toCategory === truth.get(deposit(e).depositId))).toBe(true);

      const sync = await stack.events('SYNC');
      expect(sync.filter((e) => e.type === 'sync.run.succeeded')).toHaveLength(DAYS);
      expect(sync.filter((e) => e.type === 'sync.run.failed')).toEqual([]);
      expect(stack.partner.files.size).toBe(DAYS);

      const auth = await stack.events('AUTH');
      expect(auth.filter((e) => e.type === 'auth.login.succeeded').length).toBeGreaterThanOrEqual(DAYS);
      const ops = await stack.events('OPS');
      expect(ops.filter((e) => e.type === 'ops.heartbeat.emitted' && e.data.service === HEARTBEAT_SERVICE).length).toBeGreaterThan(0);
    });

    it('stays under every rule: no shortfall > 10 €, no failed export, AI errors and doubts under their lines, no login burst, no silence', async () => {
      const closings = (await stack.events('CASH')).filter((e) => e.type === 'cash.session.closed');
      expect(closings.filter((e) => Math.abs(data<{ variance: number }>(e).variance) > 10)).toEqual([]);
      const ai = await stack.events('AI');
      expect(worstErrorRate(ai, 'local-rules-v1')).toBe(0);
      const completed = ai.filter((e) => e.type === 'ai.classification.completed');
      const low = completed.filter((e) => data<{ confidence: number }>(e).confidence < 0.7).length;
      expect(low / completed.length).toBeLessThan(0.25);
      expect(worstBurst(await stack.events('AUTH'))).toBeLessThan(5);
      expect(longestSilence(await stack.events('OPS'))).toBeLessThan(30_000);
    });

    it('raises no anomaly', async () => {
      expect(await stack.raised()).toEqual([]);
    });

    it('stops cleanly mid-day: the sessions still open are closed with the drawer as expected', async () => {
      await simulator.stop();
      // An injected wall clock: noon of an open day before the run above, so the registers are open.
      let day = nthDay(Date.now(), -(DAYS + 1));
      if (day.weekday === 0) day = nthDay(Date.now(), -(DAYS + 2));
      const realStart = Date.now();
      const noon = dayAt(day, 12);
      const midDay = await stack.simulate('none', { SIMULATOR_HISTORY_DAYS: '0', SIMULATOR_DAYS: '0' }, () => noon + Date.now() - realStart);
      const openedThatDay = async () =>
        (await stack.events('CASH')).filter((e) => e.type === 'cash.session.opened' && at(e) >= day.startMs && at(e) < noon);
      for (let i = 0; i < 100 && (await openedThatDay()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      const opened = await openedThatDay();
      expect(opened).toHaveLength(2);
      await midDay.stop();

      const ids = new Set(opened.map((e) => data<{ sessionId: string }>(e).sessionId));
      await stack.settled();
      const closed = (await stack.events('CASH')).filter((e) => e.type === 'cash.session.closed' && ids.has(data<{ sessionId: string }>(e).sessionId));
      expect(closed).toHaveLength(2);
      for (const e of closed) {
        expect(data<{ variance: number }>(e).variance).toBe(0);
        expect(at(e)).toBeGreaterThanOrEqual(dayAt(day, 9));
        expect(at(e)).toBeLessThan(noon + 60_000);
      }
    });
  });

  describe('every scenario', () => {
    let stack: Stack;
    let simulator: RunningSimulator;

    beforeAll(async () => {
      stack = await Stack.start('simulator-scenarios', { aiProvider: 'http' });
      // The default silence of service.down is 30 s of real time; this run's crash lasts 2.5 s.
      const override = await fetch(`${stack.urls.anomaly}/rules/service.down`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scope: { subject: HEARTBEAT_SERVICE }, params: { silenceAboveSeconds: 1 }, by: 'simulator-int-spec' }),
      });
      expect(override.status).toBe(200);
      await stack.tick(1000);
      simulator = await stack.simulate('all');
    }, 300_000);

    afterAll(async () => {
      await stack?.stop();
    });

    it('variance-streak: three closings more than 10 € short on one register within 7 days → cash.variance-repeated', async () => {
      const register = troubledRegister(simulator.context.shop);
      const short = (await stack.events('CASH')).filter(
        (e) => e.type === 'cash.session.closed' && e.data.registerId === register && Math.abs(e.data.variance) > 10,
      );
      expect(short).toHaveLength(3);
      expect(at(short[2]) - at(short[0])).toBeLessThan(7 * DAY_MS);
      const anomaly = await stack.waitRaised('cash.variance-repeated', register);
      expect(anomaly.evidence.map((e) => e.eventId).sort()).toEqual(short.map((e) => e.id).sort());
    });

    it('sync-outage: five failed runs in a row of the partner target, over 24 h without success, then a success → both sync rules, resolved', async () => {
      const sync = (await stack.events('SYNC')).filter((e) => data<{ target: string }>(e).target === PARTNER_TARGET);
      const succeeded = sync.filter((e) => e.type === 'sync.run.succeeded');
      const failedRuns = [...new Set(sync.filter((e) => e.type === 'sync.run.failed').map((e) => data<{ runId: string }>(e).runId))];
      // 5 planned; one more if the breaker, still open in real time, fails the next night's export at once
      expect(failedRuns.length).toBeGreaterThanOrEqual(5);
      const before = succeeded.filter((e) => at(e) < Math.min(...sync.filter((x) => x.type === 'sync.run.failed').map(at)));
      const lastFailure = Math.max(...sync.filter((e) => e.type === 'sync.run.failed').map(at));
      expect(lastFailure - at(before[before.length - 1])).toBeGreaterThan(24 * 3_600_000);
      expect(succeeded.some((e) => at(e) > lastFailure)).toBe(true);
      expect(stack.partner.refused).toBeGreaterThanOrEqual(5);

      const streak = await stack.waitRaised('sync.consecutive-failures', PARTNER_TARGET);
      expect(streak.severity).toBe('warning');
      const critical = (e: AnyEvent) =>
        e.type === 'anomaly.alert.updated' && alert(e).ruleId === 'sync.consecutive-failures' && alert(e).severity === 'critical';
      await waitForEvent(stack.env.bus, 'ANOMALY', critical, { timeoutMs: 20_000 });
      await stack.waitRaised('sync.stale', PARTNER_TARGET);
      await stack.waitResolved('sync.consecutive-failures', PARTNER_TARGET);
      await stack.waitResolved('sync.stale', PARTNER_TARGET);
    });

    it('ai-degradation: the simulated model fails through the ai service’s breaker and fallback → ai.error-rate', async () => {
      const ai = await stack.events('AI');
      expect(worstErrorRate(ai, MODEL)).toBeGreaterThan(5);
      expect(ai.some((e) => e.type === 'ai.classification.completed' && data<{ model: string }>(e).model === 'local-rules-v1')).toBe(true);
      expect(stack.model.calls).toBeGreaterThan(0);
      const anomaly = await stack.waitRaised('ai.error-rate', MODEL);
      expect(['warning', 'critical']).toContain(anomaly.severity);
    });

    it('brute-force: ten failed logins of one principal within 15 min through the ingest API → auth.failure-burst', async () => {
      expect(worstBurst(await stack.events('AUTH'))).toBeGreaterThanOrEqual(10);
      await stack.waitRaised('auth.failure-burst', simulator.context.shop.superAdmin);
    });

    it('service-crash: the simulated service’s heartbeats stop, then a new instance beats → service.down raised and resolved', async () => {
      const ops = await stack.events('OPS');
      expect(longestSilence(ops)).toBeGreaterThanOrEqual(CRASH_SECONDS * 1000 - 50);
      const beats = ops.flatMap((e) => (e.type === 'ops.heartbeat.emitted' && e.data.service === HEARTBEAT_SERVICE ? [e.data] : []));
      const instances = new Set(beats.map((b) => b.instanceId));
      expect(instances.size).toBe(2);
      await stack.waitRaised('service.down', HEARTBEAT_SERVICE);
      await stack.waitResolved('service.down', HEARTBEAT_SERVICE);
    });

    it('raises nothing else', async () => {
      await stack.settled();
      const expected = new Set([
        'cash.variance',
        'cash.variance-repeated',
        'sync.consecutive-failures',
        'sync.stale',
        'ai.error-rate',
        'auth.failure-burst',
        'service.down',
      ]);
      const raised = await stack.raised();
      expect(raised.filter((a) => !expected.has(a.ruleId)).map((a) => `${a.ruleId} ${a.key}`)).toEqual([]);
      expect(raised.filter((a) => a.ruleId === 'cash.variance')).toHaveLength(3);
    });
  });
});
