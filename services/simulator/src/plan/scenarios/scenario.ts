import type { DayPlan, PlanContext } from '../day-plan';

/**
 * A named incident injected into the plan. One file per scenario, registered in `index.ts`.
 * `apply` is pure: it returns the day changed by the incident, or the day as it was on other days.
 */
export interface Scenario {
  /** As in `SIMULATOR_SCENARIOS`, e.g. `variance-streak`. */
  readonly id: string;
  /** One line for the log: what happens, when. */
  readonly summary: string;
  /** The rules of ARCHITECTURE.md whose threshold the incident crosses (and no other). */
  readonly rules: readonly string[];
  apply(plan: DayPlan, ctx: PlanContext): DayPlan;
}
