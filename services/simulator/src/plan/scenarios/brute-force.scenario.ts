import { dayAt } from '../calendar';
import type { PlannedLogin } from '../day-plan';
import { calendarDayNumber } from '../plan-day';
import { int, rngFor } from '../rng';
import type { Scenario } from './scenario';

/** `auth.failure-burst` is critical at 10 failures of one principal within 15 min. */
export const ATTEMPTS = 10;

/**
 * At 3:12 in the night of calendar day 1, someone tries 10 passwords on the Super Admin's account
 * through the web, 30–50 s apart (under 8 minutes): `auth.failure-burst`, critical at the 10th.
 */
export const bruteForce: Scenario = {
  id: 'brute-force',
  summary: "10 failed logins on the Super Admin's account within 8 minutes, at night",
  rules: ['auth.failure-burst'],
  apply(plan, ctx) {
    if (calendarDayNumber(ctx, plan.day) !== 1) return plan;
    const rng = rngFor(ctx.seed, 'brute-force', plan.day.date);
    let at = dayAt(plan.day, 3, 12);
    const attempts: PlannedLogin[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      attempts.push({ at, principal: ctx.shop.superAdmin, channel: 'web', outcome: 'failed', reason: 'invalid-password' });
      at += int(rng, 30, 50) * 1000;
    }
    return { ...plan, logins: [...plan.logins, ...attempts].sort((a, b) => a.at - b.at) };
  },
};
