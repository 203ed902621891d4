import { planSession } from './cash.plan';
import { nthDay, type SimDay } from './calendar';
import type { DayPlan, PlanContext } from './day-plan';
import { planDeposits } from './deposits.plan';
import { planLogins } from './logins.plan';
import type { Scenario } from './scenarios/scenario';
import { planNightlyRuns } from './sync.plan';

/** Registers and deposits rest on Sundays. */
export const isOpen = (day: Pick<SimDay, 'weekday'>): boolean => day.weekday !== 0;

/** The first day planned from its midnight: day 0, unless the run starts mid-day (real time), then day 1. */
export function firstFullDay(ctx: PlanContext): number {
  return ctx.startMs <= ctx.firstDayMs ? 0 : 1;
}

/** Which calendar day of the simulation this is, counted from the first full day (undefined before it). */
export function calendarDayNumber(ctx: PlanContext, day: SimDay): number | undefined {
  const n = day.index - firstFullDay(ctx);
  return n >= 0 ? n : undefined;
}

/** Which open day this is, counted from the first full day (undefined on Sundays and before it). */
export function openDayNumber(ctx: PlanContext, day: SimDay): number | undefined {
  const first = firstFullDay(ctx);
  if (day.index < first || !isOpen(day)) return undefined;
  let n = 0;
  for (let i = first; i < day.index; i++) if (isOpen(nthDay(ctx.firstDayMs, i))) n++;
  return n;
}

function sessionsOf(ctx: PlanContext, day: SimDay) {
  if (!isOpen(day)) return [];
  return ctx.shop.sites.flatMap((site) => site.registers.map((register) => planSession(ctx.seed, site, register, day)));
}

/** An ordinary day of the organisation: nothing any rule should notice. */
export function plainDay(ctx: PlanContext, day: SimDay): DayPlan {
  const open = isOpen(day);
  const previous = day.index > 0 ? nthDay(ctx.firstDayMs, day.index - 1) : undefined;
  return {
    day,
    open,
    sessions: sessionsOf(ctx, day),
    deposits: open ? ctx.shop.sites.flatMap((site) => planDeposits(ctx.seed, site, day)).sort((a, b) => a.at - b.at) : [],
    syncRuns: planNightlyRuns(
      ctx.firstDayMs,
      day,
      ctx.syncTargets,
      previous ? { date: previous.date, sessions: sessionsOf(ctx, previous) } : undefined,
    ),
    logins: planLogins(ctx.seed, ctx.shop, day, open),
    outages: [],
  };
}

/** Keeps what happens from `startMs` on: a session counts only if it opens then. */
function from(plan: DayPlan, startMs: number): DayPlan {
  return {
    ...plan,
    sessions: plan.sessions.filter((s) => s.openAt >= startMs),
    deposits: plan.deposits.filter((d) => d.at >= startMs),
    syncRuns: plan.syncRuns.filter((r) => r.at >= startMs),
    logins: plan.logins.filter((l) => l.at >= startMs),
    outages: plan.outages.filter((o) => o.at >= startMs),
  };
}

/** Day `index` of the simulation: the plain day, then each scenario's incident on it. Pure and deterministic. */
export function planDay(ctx: PlanContext, index: number, scenarios: readonly Scenario[]): DayPlan {
  const day = nthDay(ctx.firstDayMs, index);
  const plan = scenarios.reduce((p, s) => s.apply(p, ctx), plainDay(ctx, day));
  return from(plan, ctx.startMs);
}
