import type { Shop } from '../shop';
import { openDayNumber } from '../plan-day';
import { int, rngFor } from '../rng';
import type { Scenario } from './scenario';

/** Open days (from the first full one) on which the troubled register closes short. */
export const STREAK_OPEN_DAYS = [0, 1, 2];

/** The last register of the first site: the one with the recurring problem. */
export function troubledRegister(shop: Shop): string {
  const { registers } = shop.sites[0];
  return registers[registers.length - 1].registerId;
}

/**
 * One register short by 10.01–35.00 € at three closings in a row (three open days): each one a
 * `cash.variance` warning, the third a `cash.variance-repeated` (≥ 3 within 7 days on one register).
 */
export const varianceStreak: Scenario = {
  id: 'variance-streak',
  summary: 'the last register of site-1 closes more than 10 € short on the first three open days',
  rules: ['cash.variance', 'cash.variance-repeated'],
  apply(plan, ctx) {
    const n = openDayNumber(ctx, plan.day);
    if (n === undefined || !STREAK_OPEN_DAYS.includes(n)) return plan;
    const registerId = troubledRegister(ctx.shop);
    const rng = rngFor(ctx.seed, 'variance-streak', plan.day.date);
    return {
      ...plan,
      sessions: plan.sessions.map((s) =>
        s.registerId === registerId
          ? { ...s, varianceCents: -int(rng, 1001, 3500), comment: 'il manque de l’argent au comptage, recompté deux fois' }
          : s,
      ),
    };
  },
};
