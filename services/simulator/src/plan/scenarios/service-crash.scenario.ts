import { dayAt } from '../calendar';
import { calendarDayNumber } from '../plan-day';
import type { Scenario } from './scenario';

/**
 * At 15:00 on calendar day 1 the simulated connected-register service crashes: its heartbeats stop
 * for `SIMULATOR_CRASH_SECONDS` of real time (heartbeats and the monitor's ticks live in the present),
 * then it restarts as a new instance. Longer than 30 s of silence: `service.down`, resolved at restart.
 */
export const serviceCrash: Scenario = {
  id: 'service-crash',
  summary: 'the simulated connected-register service stops its heartbeats for a while, then restarts',
  rules: ['service.down'],
  apply(plan, ctx) {
    if (calendarDayNumber(ctx, plan.day) !== 1) return plan;
    return { ...plan, outages: [...plan.outages, { at: dayAt(plan.day, 15), service: ctx.heartbeatService, downForMs: ctx.crashMs }] };
  },
};
