import type { AuthLoginFailed, DepositCategory, PaymentMethod } from '@vigie/contracts';
import type { SimDay } from './calendar';
import type { Shop } from './shop';

/** What the simulation plans for one calendar day: pure data, every time an instant in ms. */
export interface DayPlan {
  day: SimDay;
  /** Registers and deposits work on open days only (every day but Sunday). */
  open: boolean;
  sessions: PlannedSession[];
  deposits: PlannedDeposit[];
  syncRuns: PlannedSyncRun[];
  logins: PlannedLogin[];
  outages: PlannedOutage[];
}

export interface PlannedSale {
  at: number;
  amountCents: number;
  paymentMethod: PaymentMethod;
  itemCount: number;
}

export interface PlannedSession {
  /** Unique in the simulation: `<registerId>/<date>`. */
  key: string;
  siteId: string;
  registerId: string;
  operatorId: string;
  openAt: number;
  openingCents: number;
  sales: PlannedSale[];
  closeAt: number;
  /** Counted − expected at closing, in cents. */
  varianceCents: number;
  /** Required by the cash service above a 0.01 € variance. */
  comment?: string;
}

export interface Alternative {
  category: DepositCategory;
  confidence: number;
}

/** What the simulated AI model answers for one deposit, when the ai service asks it. */
export type ModelReply =
  | { kind: 'answer'; category: DepositCategory; confidence: number; alternatives: Alternative[]; latencyMs: number }
  | { kind: 'error'; status: number; latencyMs: number };

export interface PlannedDeposit {
  at: number;
  siteId: string;
  depositId: string;
  description: string;
  /** What it really is: a volunteer corrects any other answer to this. */
  category: DepositCategory;
  model: ModelReply;
  /** When a volunteer looks at the answer (and corrects it if it is wrong). */
  reviewAt: number;
}

export interface PlannedSyncRun {
  at: number;
  target: string;
  /** Whether the simulated partner (the receiving end of the partner target) accepts exports then. */
  partner: 'up' | 'down';
  why: 'nightly' | 'retry';
  /** The previous day's sales by register, or none (the sync service then exports its own summary). */
  rows?: Record<string, string | number>[];
}

export interface PlannedLogin {
  at: number;
  principal: string;
  channel: AuthLoginFailed['channel'];
  outcome: 'succeeded' | 'failed';
  reason?: string;
}

/** A simulated service that stops sending heartbeats for a while (real time: heartbeats live in the present). */
export interface PlannedOutage {
  at: number;
  service: string;
  downForMs: number;
}

/** Everything planning needs besides the day: pure inputs, decided at start. */
export interface PlanContext {
  seed: number;
  shop: Shop;
  /** Paris midnight of day 0. */
  firstDayMs: number;
  /** Nothing is planned before this instant (a real-time run that starts mid-day). */
  startMs: number;
  /** Targets of the sync service the simulator runs every night. */
  syncTargets: readonly string[];
  /** The target whose receiving end is the simulator's partner server (the one an outage can hit). */
  partnerTarget?: string;
  /** The simulated service whose heartbeats the simulator sends. */
  heartbeatService: string;
  /** How long a simulated service crash silences its heartbeats, real ms. */
  crashMs: number;
}
