import { dayAt } from '../calendar';
import type { ModelReply } from '../day-plan';
import { openDayNumber } from '../plan-day';
import { evenly, int, rngFor } from '../rng';
import type { Scenario } from './scenario';

/** Share of the model's calls that fail while it is degraded: far above `ai.error-rate`'s 20 % critical line. */
export const FAILURE_SHARE = 0.35;
/** Answers that still come are slower, yet well under the 3 s of `ai.slow` and the ai service's timeout. */
export const SLOWDOWN = 2.5;

function degrade(reply: ModelReply, fails: boolean, rng: () => number): ModelReply {
  if (fails) return { kind: 'error', status: 503, latencyMs: int(rng, 20, 150) };
  return { ...reply, latencyMs: Math.round(reply.latencyMs * SLOWDOWN) };
}


/**
 * The simulated AI model degrades from 10:00 on open day 1 to 13:00 on open day 2: 35 % of its calls
 * answer 503 (the ai service falls back to its local rules, and its breaker may open: the real path),
 * the others come 2.5 times slower. Crosses `ai.error-rate` for the model.
 */
export const aiDegradation: Scenario = {
  id: 'ai-degradation',
  summary: 'the simulated AI model fails 35 % of its calls from 10:00 on open day 1 to 13:00 on open day 2',
  rules: ['ai.error-rate'],
  apply(plan, ctx) {
    const n = openDayNumber(ctx, plan.day);
    const from = n === 1 ? dayAt(plan.day, 10) : n === 2 ? plan.day.startMs : undefined;
    const to = n === 1 ? Number.POSITIVE_INFINITY : n === 2 ? dayAt(plan.day, 13) : undefined;
    if (from === undefined || to === undefined) return plan;
    const rng = rngFor(ctx.seed, 'ai-degradation', plan.day.date);
    // Evenly spread failures: even a small site's few deposits cross the rule.
    const fails = evenly(FAILURE_SHARE, rng());
    let k = 0;
    return {
      ...plan,
      deposits: plan.deposits.map((d) => (d.at >= from && d.at < to ? { ...d, model: degrade(d.model, fails(k++), rng) } : d)),
    };
  },
};
