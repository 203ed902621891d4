import { z } from 'zod';

/**
 * `stream`: the monitor's JetStream samples, summed per stream and day (average = sum / samples). The
 * contracts' KpiKind (gateway, reporting) does not list it: `GET /kpis` leaves it out unless asked for.
 */
export const KpiKind = z.enum(['cash', 'sync', 'ai', 'auth', 'ops', 'deadletter', 'stream']);
export type KpiKind = z.infer<typeof KpiKind>;

/** Named integer counters of one KPI row; a counter never incremented is absent (read it as 0). */
export type Counters = Record<string, number>;

/** One row of `kpi_daily`: what happened on one day (Europe/Paris) at one site, for one dimension. */
export interface KpiRow {
  /** `YYYY-MM-DD` in Europe/Paris, from the event's `occurredAt`. */
  day: string;
  siteId: string;
  kind: KpiKind;
  /** The dimension within its kind: a register, a sync target, an AI model, a login channel, a service, a durable. */
  key: string;
  counters: Counters;
}

export type RowKey = Omit<KpiRow, 'counters'>;

/** The site of facts that concern no one site (ARCHITECTURE.md). */
export const GLOBAL_SITE = 'global';

/** Same threshold as the default `cash.variance` rule: a variance counts when abs(variance) > 10.00 €. */
export const LARGE_VARIANCE_ABOVE_CENTS = 1000;

/** Below this confidence the bot asks a volunteer to validate (DOMAIN.md). */
export const LOW_CONFIDENCE_BELOW = 0.7;

/** Upper bounds (inclusive) of the AI latency histogram, ms; slower ones land in `latencyOverMs`. */
export const LATENCY_BUCKETS_MS = [250, 500, 1000, 2000, 3000, 5000, 10000, 30000] as const;

export function latencyBucket(latencyMs: number): string {
  const bound = LATENCY_BUCKETS_MS.find((b) => latencyMs <= b);
  return bound === undefined ? 'latencyOverMs' : `latencyLe${bound}Ms`;
}

/**
 * The latency under which `p` % of the samples fall, read from the histogram: the upper bound of the
 * bucket holding the nearest-rank sample. Null without samples or when it lies beyond the last bound.
 */
export function latencyPercentile(counters: Counters, p: number): number | null {
  const total = LATENCY_BUCKETS_MS.reduce((n, b) => n + (counters[`latencyLe${b}Ms`] ?? 0), 0) + (counters.latencyOverMs ?? 0);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const b of LATENCY_BUCKETS_MS) {
    seen += counters[`latencyLe${b}Ms`] ?? 0;
    if (seen >= rank) return b;
  }
  return null;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Paris days by UTC hour: Paris changes offset on the hour (01:00 UTC), so an hour has one day. */
const PARIS_DAYS = new Map<number, string>();

/** The calendar day of an instant in Europe/Paris, `YYYY-MM-DD`. */
export function parisDay(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const hour = Math.floor(date.getTime() / HOUR_MS);
  let day = PARIS_DAYS.get(hour);
  if (day === undefined) {
    const parts = Object.fromEntries(PARIS_DAY.formatToParts(date).map((p) => [p.type, p.value]));
    day = `${parts.year}-${parts.month}-${parts.day}`;
    if (PARIS_DAYS.size >= 100_000) PARIS_DAYS.clear();
    PARIS_DAYS.set(hour, day);
  }
  return day;
}

export function addCounters(into: Counters, add: Readonly<Counters>): Counters {
  for (const [name, n] of Object.entries(add)) into[name] = (into[name] ?? 0) + n;
  return into;
}
