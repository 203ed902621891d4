import { centsToEuros, createEvent, formatEuros, uuidv7 } from '@vigie/contracts';
import { parisWallTime } from '../plan/calendar';
import type { DayPlan, PlanContext, PlannedDeposit, PlannedLogin, PlannedOutage, PlannedSyncRun } from '../plan/day-plan';
import { lanesOf, type Lanes, type ShopAction } from '../plan/lanes';
import { planDay } from '../plan/plan-day';
import type { Scenario } from '../plan/scenarios/scenario';
import { sleep, type SimClock } from '../plan/sim-clock';
import type { SimulatedModel } from '../outside/simulated-model.server';
import type { SimulatedPartner } from '../outside/simulated-partner.server';
import type { AiApi, CashApi, Classification, IngestApi, SyncApi } from './apis';
import type { Heartbeats } from './heartbeats';
import { ApiError } from './http';

export interface SimulationParts {
  clock: SimClock;
  ctx: PlanContext;
  scenarios: readonly Scenario[];
  /** Days to simulate; 0 = no end. */
  days: number;
  cash: CashApi;
  ai?: AiApi;
  sync?: SyncApi;
  ingest?: IngestApi;
  heartbeats?: Heartbeats;
  model: SimulatedModel;
  partner: SimulatedPartner;
  log: (line: string) => void;
}

interface OpenSession {
  sessionId: string;
  registerId: string;
  expectedCents: number;
}

interface DayCounts {
  sessions: number;
  sales: number;
  deposits: number;
  fallbacks: number;
  corrections: number;
}

const SYNC_POLL_MS = 200;
const BUSY_RETRY_MS = 1000;
const ERROR_LOG_EVERY_MS = 30_000;
const DAYS_KEPT = 8;

const label = (ms: number) => {
  const w = parisWallTime(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(w.day)}/${pad(w.month)}/${w.year} ${pad(w.hour)}:${pad(w.minute)}`;
};

/**
 * Drives the services through their APIs along the plan: a lane for the shop (cash and deposits), one
 * per sync target (a run waits for the previous one), one for logins and one for outages, each
 * waiting for the simulated clock to reach its next action and dating it with the planned time.
 */
export class Simulation {
  private readonly stopping = new AbortController();
  private readonly days = new Map<number, { plan: DayPlan; lanes: Lanes }>();
  private readonly open = new Map<string, OpenSession>();
  private readonly classified = new Map<string, Classification>();
  private readonly busyRegisters = new Set<string>();
  private readonly errorsLogged = new Map<string, { at: number; suppressed: number }>();
  private counts: DayCounts = { sessions: 0, sales: 0, deposits: 0, fallbacks: 0, corrections: 0 };
  private syncFailures = new Map<string, number>();
  private running?: Promise<void>;

  constructor(private readonly parts: SimulationParts) {}

  /** Starts every lane; resolves when they are done (never, without a number of days, until `stop`). */
  run(): Promise<void> {
    const { sync, ingest, heartbeats, ctx } = this.parts;
    const lanes = [this.lane('shop', (l) => l.shop, ([a]) => this.shop(a), { dayDone: (plan) => this.dayDone(plan) })];
    if (sync) {
      for (const target of ctx.syncTargets) {
        lanes.push(this.lane(`sync ${target}`, (l) => l.sync.get(target) ?? [], ([r]) => this.syncRun(sync, r)));
      }
    }
    // Logins due together go in one ingest request, in order (a burst of failures is one batch).
    if (ingest) lanes.push(this.lane('logins', (l) => l.auth, (a) => this.logins(ingest, a), { batch: 100 }));
    if (heartbeats) lanes.push(this.lane('outages', (l) => l.ops, ([o]) => this.outage(heartbeats, o)));
    this.running = Promise.all(lanes).then(() => undefined);
    return this.running;
  }

  /** Stops the lanes, then closes the sessions still open (counted as expected), as a cashier would at closing time. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    const at = this.parts.clock.now();
    for (const [key, session] of this.open) {
      await this.parts.cash
        .close(session.sessionId, { countedCash: centsToEuros(session.expectedCents) }, at)
        .catch((e) => this.parts.log(`session ${key} left open: ${(e as Error).message}`));
    }
    this.open.clear();
  }

  private get signal(): AbortSignal {
    return this.stopping.signal;
  }

  private dayLanes(index: number): { plan: DayPlan; lanes: Lanes } {
    let day = this.days.get(index);
    if (!day) {
      const plan = planDay(this.parts.ctx, index, this.parts.scenarios);
      day = { plan, lanes: lanesOf(plan) };
      this.days.set(index, day);
      this.days.delete(index - DAYS_KEPT);
    }
    return day;
  }

  /**
   * Runs a lane day after day. `execute` gets the actions that are due together: one, or, for a lane
   * that can send several in one request and is behind the clock (a fast run), up to `opts.batch`.
   */
  private async lane<A extends { at: number }>(
    name: string,
    actionsOf: (lanes: Lanes) => A[],
    execute: (actions: A[]) => Promise<void>,
    opts: { batch?: number; dayDone?: (plan: DayPlan) => void } = {},
  ): Promise<void> {
    const { clock } = this.parts;
    for (let i = 0; this.parts.days === 0 || i < this.parts.days; i++) {
      const { plan, lanes } = this.dayLanes(i);
      // A lane with nothing to do on a day still waits for it: without an end, it would plan days ahead forever.
      if (!(await clock.until(plan.day.startMs, this.signal))) return;
      const actions = actionsOf(lanes);
      for (let k = 0; k < actions.length; ) {
        if (!(await clock.until(actions[k].at, this.signal))) return;
        const now = clock.now();
        let end = k + 1;
        while (end < actions.length && end - k < (opts.batch ?? 1) && actions[end].at <= now) end++;
        try {
          await execute(actions.slice(k, end));
        } catch (e) {
          this.report(name, e);
        }
        k = end;
      }
      if (this.signal.aborted) return;
      opts.dayDone?.(plan);
    }
  }

  private async shop(action: ShopAction): Promise<void> {
    const { cash } = this.parts;
    switch (action.kind) {
      case 'open': {
        const s = action.session;
        await this.closeLeftOpen(s.registerId, action.at);
        try {
          const { sessionId } = await cash.open(
            { siteId: s.siteId, registerId: s.registerId, operatorId: s.operatorId, openingAmount: centsToEuros(s.openingCents) },
            action.at,
          );
          this.open.set(s.key, { sessionId, registerId: s.registerId, expectedCents: s.openingCents });
          this.counts.sessions++;
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 'cash.register-busy')) throw e;
          if (!this.busyRegisters.has(s.registerId)) {
            this.busyRegisters.add(s.registerId);
            this.parts.log(
              `register ${s.registerId} still has a session open from an earlier run that did not stop cleanly: its days are skipped`,
            );
          }
        }
        return;
      }
      case 'sale': {
        const open = this.open.get(action.session.key);
        if (!open) return;
        const { amountCents, paymentMethod, itemCount } = action.sale;
        await cash.sale(open.sessionId, { amount: centsToEuros(amountCents), paymentMethod, itemCount }, action.at);
        if (paymentMethod === 'cash') open.expectedCents += amountCents;
        this.counts.sales++;
        return;
      }
      case 'close': {
        const s = action.session;
        const open = this.open.get(s.key);
        if (!open) return;
        const closed = await cash.close(
          open.sessionId,
          { countedCash: centsToEuros(action.countedCents), ...(s.comment ? { comment: s.comment } : {}) },
          action.at,
        );
        this.open.delete(s.key);
        if (Math.abs(closed.variance) > 10) {
          this.parts.log(`${label(action.at)} ${s.registerId} closed with a variance of ${formatEuros(closed.variance)}`);
        }
        return;
      }
      case 'classify':
        return this.classify(action.deposit, action.at);
      case 'review':
        return this.review(action.deposit, action.at);
    }
  }

  /** A session whose closing failed (the cash service was down then) is closed before the register opens again. */
  private async closeLeftOpen(registerId: string, at: number): Promise<void> {
    for (const [key, left] of this.open) {
      if (left.registerId !== registerId) continue;
      this.open.delete(key);
      await this.parts.cash
        .close(left.sessionId, { countedCash: centsToEuros(left.expectedCents) }, at - 60_000)
        .catch((e) => this.parts.log(`session ${key} left open: ${(e as Error).message}`));
    }
  }

  private async classify(deposit: PlannedDeposit, at: number): Promise<void> {
    const { ai, model } = this.parts;
    if (!ai) return;
    model.arm(deposit.model);
    try {
      const answer = await ai.classify({ depositId: deposit.depositId, siteId: deposit.siteId, description: deposit.description }, at);
      this.classified.set(deposit.depositId, answer);
      this.counts.deposits++;
      if (answer.fallback) this.counts.fallbacks++;
    } finally {
      model.disarm();
    }
  }

  /** A volunteer corrects the answer when it is not what the object is; a right one is just validated. */
  private async review(deposit: PlannedDeposit, at: number): Promise<void> {
    const answer = this.classified.get(deposit.depositId);
    this.classified.delete(deposit.depositId);
    if (!this.parts.ai || !answer || answer.category === deposit.category) return;
    await this.parts.ai.correct(answer.classificationId, deposit.category, at);
    this.counts.corrections++;
  }

  private async syncRun(sync: SyncApi, run: PlannedSyncRun): Promise<void> {
    const { partner, ctx, log } = this.parts;
    if (run.target === ctx.partnerTarget) partner.down = run.partner === 'down';
    let started;
    for (;;) {
      try {
        started = await sync.start({ target: run.target, ...(run.rows ? { rows: run.rows } : {}) }, run.at);
        break;
      } catch (e) {
        // The service's own schedule may be running this target: wait for it.
        if (!(e instanceof ApiError && e.code === 'sync.target-busy') || this.signal.aborted) throw e;
        await sleep(BUSY_RETRY_MS, this.signal);
      }
    }
    let result = started;
    while (result.status === 'running' && !this.signal.aborted) {
      await sleep(SYNC_POLL_MS, this.signal);
      result = await sync.run(started.runId);
    }
    const failures = this.syncFailures.get(run.target) ?? 0;
    if (result.status === 'failed') {
      this.syncFailures.set(run.target, failures + 1);
      log(
        `${label(run.at)} ${run.why} export to ${run.target} failed after ${result.attempts} attempt(s): ` +
          `${result.error?.code} (${failures + 1} in a row)`,
      );
    } else if (result.status === 'succeeded' && failures > 0) {
      this.syncFailures.set(run.target, 0);
      log(`${label(run.at)} export to ${run.target} succeeded again`);
    }
  }

  private async logins(ingest: IngestApi, logins: PlannedLogin[]): Promise<void> {
    const events = logins.map((login) => {
      const site = this.parts.ctx.shop.sites.find((s) => s.admin === login.principal);
      const meta = { source: 'recyclic', siteId: site?.siteId ?? 'global', occurredAt: new Date(login.at), id: uuidv7(login.at) };
      const { principal, channel } = login;
      return login.outcome === 'succeeded'
        ? createEvent('auth.login.succeeded', { principal, channel }, meta)
        : createEvent('auth.login.failed', { principal, channel, reason: login.reason ?? 'invalid-password' }, meta);
    });
    await ingest.send(...events);
  }

  private async outage(heartbeats: Heartbeats, outage: PlannedOutage): Promise<void> {
    const { log } = this.parts;
    const seconds = outage.downForMs < 10_000 ? (outage.downForMs / 1000).toFixed(1) : Math.round(outage.downForMs / 1000);
    log(`${label(outage.at)} ${outage.service} crashes: no heartbeat for ${seconds} s (real time)`);
    await heartbeats.crash(outage.downForMs, this.signal);
    if (!this.signal.aborted) log(`${outage.service} restarted as ${heartbeats.instance}`);
  }

  private dayDone(plan: DayPlan): void {
    const c = this.counts;
    const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(plan.day.startMs);
    this.parts.log(
      `day ${plan.day.index + 1} (${weekday} ${plan.day.date})` +
        (plan.open
          ? `: ${c.sessions} sessions, ${c.sales} sales, ` +
            `${c.deposits} deposits classified (${c.fallbacks} by the fallback, ${c.corrections} corrected)`
          : ': closed'),
    );
    this.counts = { sessions: 0, sales: 0, deposits: 0, fallbacks: 0, corrections: 0 };
  }

  /** One line per kind of failure every 30 s, so a service that is down does not flood the log. */
  private report(lane: string, e: unknown): void {
    if (this.signal.aborted) return;
    const key = `${lane}:${e instanceof ApiError ? e.code : 'error'}`;
    const seen = this.errorsLogged.get(key);
    const now = Date.now();
    if (seen && now - seen.at < ERROR_LOG_EVERY_MS) {
      seen.suppressed++;
      return;
    }
    const more = seen?.suppressed ? ` (and ${seen.suppressed} more like it)` : '';
    this.errorsLogged.set(key, { at: now, suppressed: 0 });
    this.parts.log(`${lane}: ${(e as Error).message}${more}`);
  }
}
