import { crossedRules } from '../testing/rule-oracle';
import { expectedCashCents, PLAIN_MAX_VARIANCE_CENTS } from './cash.plan';
import { parisInstant, parisWallTime } from './calendar';
import type { DayPlan, PlanContext } from './day-plan';
import { lanesOf } from './lanes';
import { openDayNumber, planDay } from './plan-day';
import { SCENARIOS } from './scenarios';
import { layShop } from './shop';

const MONDAY = parisInstant(2026, 11, 23);
const SUNDAY = parisInstant(2026, 11, 22);

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  const seed = overrides.seed ?? 42;
  return {
    seed,
    shop: layShop({ sites: 2, registersPerSite: 2, seed }),
    firstDayMs: MONDAY,
    startMs: overrides.firstDayMs ?? MONDAY,
    syncTargets: ['compta-simulee', 'archive'],
    partnerTarget: 'compta-simulee',
    heartbeatService: 'caisse-connectee',
    crashMs: 60_000,
    ...overrides,
  };
}

const week = (ctx: PlanContext, scenarios = [] as typeof SCENARIOS, days = 7): DayPlan[] =>
  Array.from({ length: days }, (_, i) => planDay(ctx, i, scenarios));
const paris = (ms: number) => parisWallTime(ms);
const minutesOfDay = (ms: number) => paris(ms).hour * 60 + paris(ms).minute;

describe('a plain week', () => {
  it.each([1, 2, 42, 1234, 99999])('crosses no rule of ARCHITECTURE.md (seed %i)', (seed) => {
    expect(crossedRules(week(context({ seed })), 'compta-simulee')).toEqual(new Set());
  });

  it('opens every register around 9:00 Paris and closes it in the evening, Monday to Saturday; Sunday is closed', () => {
    const days = week(context());
    expect(days.map((d) => [d.day.date, d.open, d.sessions.length])).toEqual([
      ['2026-11-23', true, 4],
      ['2026-11-24', true, 4],
      ['2026-11-25', true, 4],
      ['2026-11-26', true, 4],
      ['2026-11-27', true, 4],
      ['2026-11-28', true, 4],
      ['2026-11-29', false, 0],
    ]);
    for (const s of days.flatMap((d) => d.sessions)) {
      expect(minutesOfDay(s.openAt)).toBeGreaterThanOrEqual(9 * 60);
      expect(minutesOfDay(s.openAt)).toBeLessThan(9 * 60 + 30);
      expect(minutesOfDay(s.closeAt)).toBeGreaterThanOrEqual(18 * 60);
      expect(minutesOfDay(s.closeAt)).toBeLessThan(18 * 60 + 45);
      expect(s.sales.length).toBeGreaterThanOrEqual(15);
      expect(s.sales.every((x) => x.at > s.openAt && x.at < s.closeAt && x.amountCents > 0 && x.amountCents % 50 === 0)).toBe(true);
      expect(Math.abs(s.varianceCents)).toBeLessThanOrEqual(PLAIN_MAX_VARIANCE_CENTS);
      expect(Boolean(s.comment)).toBe(Math.abs(s.varianceCents) > 1);
    }
    expect(days[5].sessions[0].sales.length).toBeGreaterThan(0);
  });

  it('sells with a realistic mix of payment methods, cash first', () => {
    const sales = week(context()).flatMap((d) => d.sessions.flatMap((s) => s.sales));
    const share = (m: string) => sales.filter((s) => s.paymentMethod === m).length / sales.length;
    expect(share('cash')).toBeGreaterThan(0.45);
    expect(share('cash')).toBeLessThan(0.65);
    expect(share('card')).toBeGreaterThan(0.28);
    expect(share('check')).toBeGreaterThan(0.02);
    expect(share('other')).toBeGreaterThan(0.005);
  });

  it('brings deposits on open days, mostly described clearly, and volunteers review each one a few minutes later', () => {
    const days = week(context());
    const deposits = days.flatMap((d) => d.deposits);
    expect(days[6].deposits).toEqual([]);
    expect(deposits.length).toBeGreaterThan(6 * 2 * 14 - 1);
    expect(new Set(deposits.map((d) => d.depositId)).size).toBe(deposits.length);
    for (const d of deposits) {
      expect(minutesOfDay(d.at)).toBeGreaterThanOrEqual(9 * 60 + 30);
      expect(d.reviewAt - d.at).toBeGreaterThanOrEqual(2 * 60_000);
      expect(d.model).toMatchObject({ kind: 'answer' });
    }
    const answers = deposits.flatMap((d) => (d.model.kind === 'answer' ? [{ ...d.model, truth: d.category }] : []));
    const wrong = answers.filter((a) => a.category !== a.truth).length / answers.length;
    expect(wrong).toBeGreaterThan(0.02);
    expect(wrong).toBeLessThan(0.12);
    for (const a of answers) {
      expect(a.alternatives.every((x) => x.category !== a.category)).toBe(true);
      expect(a.alternatives.length === 0).toBe(a.confidence >= 0.7);
    }
  });

  it('exports every target each night exactly 24 h apart, with the previous day’s sales once there is one', () => {
    const runs = week(context()).flatMap((d) => d.syncRuns);
    expect(runs).toHaveLength(14);
    const compta = runs.filter((r) => r.target === 'compta-simulee');
    expect(compta.map((r) => r.at - compta[0].at)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => n * 86_400_000));
    expect(paris(compta[0].at)).toMatchObject({ hour: 2, minute: 0 });
    expect(compta.every((r) => r.partner === 'up' && r.why === 'nightly')).toBe(true);
    expect(compta[0].rows).toBeUndefined();
    expect(compta[1].rows).toHaveLength(4);
    expect(compta[1].rows?.[0]).toMatchObject({ date: '2026-11-23', site: 'site-1', caisse: 'site1-caisse-1' });
    expect(compta[6].rows).toHaveLength(4);
    // Monday's export tells Sunday sold nothing
    expect(week(context({ firstDayMs: SUNDAY }), [], 2)[1].syncRuns[0].rows).toEqual([
      { date: '2026-11-22', site: '', caisse: '', ventes: 0, especes: 0, carte: 0, cheque: 0, autre: 0, total: 0 },
    ]);
  });

  it('logs admins in, now and then after one mistyped password', () => {
    const logins = week(context()).flatMap((d) => d.logins);
    const shop = context().shop;
    for (const principal of [shop.superAdmin, ...shop.sites.map((s) => s.admin)]) {
      expect(logins.filter((l) => l.principal === principal && l.outcome === 'succeeded').length).toBeGreaterThanOrEqual(5);
      expect(principal).toMatch(/^s?adm-[0-9a-f]{8}$/);
    }
    expect(logins.some((l) => l.outcome === 'failed')).toBe(true);
  });

  it('is the same plan for the same seed, and another for another seed', () => {
    expect(week(context({ seed: 7 }))).toEqual(week(context({ seed: 7 })));
    expect(week(context({ seed: 7 }))[0].sessions).not.toEqual(week(context({ seed: 8 }))[0].sessions);
  });

  it('plans nothing before the start of a run that starts mid-day', () => {
    const startMs = parisInstant(2026, 11, 23, 12);
    const day0 = planDay(context({ startMs }), 0, SCENARIOS);
    expect(day0.sessions).toEqual([]);
    expect([...day0.deposits, ...day0.logins, ...day0.syncRuns].every((x) => x.at >= startMs)).toBe(true);
    expect(day0.deposits.length).toBeGreaterThan(0);
  });
});

describe('lanes', () => {
  it('puts each session in order, open → sales → close, with the count = opening float + cash sales + variance', () => {
    const plan = planDay(context(), 0, []);
    const { shop, sync, auth } = lanesOf(plan);
    expect(shop.map((a) => a.at)).toEqual([...shop.map((a) => a.at)].sort((a, b) => a - b));
    const session = plan.sessions[0];
    const mine = shop.filter((a) => 'session' in a && a.session === session);
    expect(mine.map((a) => a.kind)).toEqual(['open', ...session.sales.map(() => 'sale'), 'close']);
    const close = mine[mine.length - 1];
    expect(close).toMatchObject({ countedCents: expectedCashCents(session) + session.varianceCents });
    expect(shop.filter((a) => a.kind === 'classify')).toHaveLength(plan.deposits.length);
    expect([...sync.keys()]).toEqual(['compta-simulee', 'archive']);
    expect(auth).toHaveLength(plan.logins.length);
  });
});

describe('scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s alone crosses exactly its rules, whatever the seed', (_id, scenario) => {
    for (const seed of [1, 42, 777]) {
      expect(crossedRules(week(context({ seed }), [scenario]), 'compta-simulee')).toEqual(new Set(scenario.rules));
    }
  });

  it('all together cross all their rules and no other', () => {
    expect(crossedRules(week(context(), SCENARIOS), 'compta-simulee')).toEqual(new Set(SCENARIOS.flatMap((s) => s.rules)));
  });

  it('change only their own part of the week', () => {
    const plain = week(context());
    for (const scenario of SCENARIOS) {
      const changed = week(context(), [scenario]);
      const differs = (key: keyof DayPlan) => changed.some((d, i) => JSON.stringify(d[key]) !== JSON.stringify(plain[i][key]));
      const keys = (['sessions', 'deposits', 'syncRuns', 'logins', 'outages'] as const).filter(differs);
      expect({ id: scenario.id, keys }).toEqual({
        id: scenario.id,
        keys: {
          'variance-streak': ['sessions'],
          'sync-outage': ['syncRuns'],
          'ai-degradation': ['deposits'],
          'brute-force': ['logins'],
          'service-crash': ['outages'],
        }[scenario.id],
      });
    }
  });

  it('variance-streak: the last register of site-1 closes 10.01–35 € short on three open days in a row, skipping Sunday', () => {
    const ctx = context({ firstDayMs: parisInstant(2026, 11, 27) });
    const days = week(ctx, SCENARIOS.filter((s) => s.id === 'variance-streak'));
    const short = days.flatMap((d) => d.sessions.filter((s) => s.varianceCents < -1000).map((s) => [d.day.date, s.registerId]));
    expect(short).toEqual([
      ['2026-11-27', 'site1-caisse-2'],
      ['2026-11-28', 'site1-caisse-2'],
      ['2026-11-30', 'site1-caisse-2'],
    ]);
    expect(days.flatMap((d) => d.sessions).every((s) => s.varianceCents >= -3500)).toBe(true);
    expect(openDayNumber(ctx, days[2].day)).toBeUndefined();
  });

  it('sync-outage: five failed runs of the partner target in a row on day 1, the last > 24 h after the success, then a success', () => {
    const runs = week(context(), SCENARIOS.filter((s) => s.id === 'sync-outage'))
      .flatMap((d) => d.syncRuns)
      .filter((r) => r.target === 'compta-simulee');
    expect(runs.slice(0, 7).map((r) => [r.why, r.partner])).toEqual([
      ['nightly', 'up'],
      ['nightly', 'down'],
      ['retry', 'down'],
      ['retry', 'down'],
      ['retry', 'down'],
      ['retry', 'down'],
      ['nightly', 'up'],
    ]);
    expect((runs[2].at - runs[0].at) / 3_600_000).toBe(28);
  });

  it('ai-degradation: more than 20 % of the model’s calls fail from 10:00 on open day 1 to 13:00 on open day 2, none otherwise', () => {
    const deposits = week(context(), SCENARIOS.filter((s) => s.id === 'ai-degradation')).flatMap((d) => d.deposits);
    const from = parisInstant(2026, 11, 24, 10);
    const to = parisInstant(2026, 11, 25, 13);
    const inside = deposits.filter((d) => d.at >= from && d.at < to);
    expect(inside.length).toBeGreaterThanOrEqual(20);
    expect(inside.filter((d) => d.model.kind === 'error').length / inside.length).toBeGreaterThan(0.2);
    expect(deposits.filter((d) => (d.at < from || d.at >= to) && d.model.kind === 'error')).toEqual([]);
    expect(Math.max(...deposits.map((d) => d.model.latencyMs))).toBeLessThan(1000);
  });

  it('brute-force: ten failures on the Super Admin within 15 min at night; service-crash: heartbeats stop at 15:00', () => {
    const ctx = context();
    const days = week(ctx, SCENARIOS.filter((s) => s.id === 'brute-force' || s.id === 'service-crash'));
    const failed = days.flatMap((d) => d.logins).filter((l) => l.outcome === 'failed' && l.principal === ctx.shop.superAdmin);
    const burst = failed.filter((l) => paris(l.at).hour === 3);
    expect(burst).toHaveLength(10);
    expect(burst[9].at - burst[0].at).toBeLessThan(15 * 60_000);
    expect(days.flatMap((d) => d.outages)).toEqual([{ at: parisInstant(2026, 11, 24, 15), service: 'caisse-connectee', downForMs: 60_000 }]);
  });

  it('sync-outage has nothing to break without a partner target', () => {
    const ctx = context({ partnerTarget: undefined });
    expect(week(ctx, SCENARIOS.filter((s) => s.id === 'sync-outage'))).toEqual(week(ctx));
  });
});
