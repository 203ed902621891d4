import { calendarDayNumber } from '../plan-day';
import type { PlannedSyncRun } from '../day-plan';
import type { Scenario } from './scenario';

const HOUR_MS = 3_600_000;
/** The export is relaunched by hand every 4 hours of the failing day. */
export const RETRY_AFTER_HOURS = [4, 8, 12, 16];

/**
 * The partner that receives the partner target's exports answers 503 for a day: the nightly export
 * of calendar day 1 and its four relaunches fail (5 failed runs in a row: `sync.consecutive-failures`,
 * critical at 5), the relaunch 28 h after the last success makes it `sync.stale` (> 24 h); the next
 * night's export succeeds and resolves both.
 */
export const syncOutage: Scenario = {
  id: 'sync-outage',
  summary: 'the partner of the partner target is down for a day: its nightly export and 4 relaunches fail',
  rules: ['sync.consecutive-failures', 'sync.stale'],
  apply(plan, ctx) {
    if (!ctx.partnerTarget || calendarDayNumber(ctx, plan.day) !== 1) return plan;
    const nightly = plan.syncRuns.find((r) => r.target === ctx.partnerTarget);
    if (!nightly) return plan;
    const down: PlannedSyncRun = { ...nightly, partner: 'down' };
    const retries = RETRY_AFTER_HOURS.map((h): PlannedSyncRun => ({ ...down, at: nightly.at + h * HOUR_MS, why: 'retry' }));
    return {
      ...plan,
      syncRuns: [...plan.syncRuns.filter((r) => r !== nightly), down, ...retries].sort((a, b) => a.at - b.at),
    };
  },
};
