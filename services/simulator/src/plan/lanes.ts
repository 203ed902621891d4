import { countedCashCents } from './cash.plan';
import type { DayPlan, PlannedDeposit, PlannedLogin, PlannedOutage, PlannedSale, PlannedSession, PlannedSyncRun } from './day-plan';

/** What the shop does through the cash and ai APIs, in time order. */
export type ShopAction =
  | { kind: 'open'; at: number; session: PlannedSession }
  | { kind: 'sale'; at: number; session: PlannedSession; sale: PlannedSale }
  | { kind: 'close'; at: number; session: PlannedSession; countedCents: number }
  | { kind: 'classify'; at: number; deposit: PlannedDeposit }
  /** A volunteer looks at the answer and corrects it when it is not what the object is. */
  | { kind: 'review'; at: number; deposit: PlannedDeposit };

export interface Lanes {
  shop: ShopAction[];
  /** By target: the runs of one target follow one another. */
  sync: Map<string, PlannedSyncRun[]>;
  auth: PlannedLogin[];
  ops: PlannedOutage[];
}

const byTime = <T extends { at: number }>(items: T[]): T[] => items.sort((a, b) => a.at - b.at);

/** The day's plan as independent lanes of actions, each in time order (ties keep the planned order). */
export function lanesOf(plan: DayPlan): Lanes {
  const shop: ShopAction[] = [];
  for (const session of plan.sessions) {
    shop.push({ kind: 'open', at: session.openAt, session });
    for (const sale of session.sales) shop.push({ kind: 'sale', at: sale.at, session, sale });
    shop.push({ kind: 'close', at: session.closeAt, session, countedCents: countedCashCents(session) });
  }
  for (const deposit of plan.deposits) {
    shop.push({ kind: 'classify', at: deposit.at, deposit }, { kind: 'review', at: deposit.reviewAt, deposit });
  }
  const sync = new Map<string, PlannedSyncRun[]>();
  for (const run of byTime([...plan.syncRuns])) sync.set(run.target, [...(sync.get(run.target) ?? []), run]);
  return { shop: byTime(shop), sync, auth: byTime([...plan.logins]), ops: byTime([...plan.outages]) };
}
