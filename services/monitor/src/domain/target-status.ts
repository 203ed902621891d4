/** A service the monitor probes: `GET <url>/health/ready`. */
export interface Target {
  name: string;
  url: string;
}

/** One probe of a target, after its quick retry. */
export interface ProbeOutcome {
  ok: boolean;
  /** HTTP status, when the target answered at all. */
  status?: number;
  latencyMs: number;
  /** Short reason of a failure (`http 503 …`, `timeout …`, `network ECONNREFUSED`); never a secret. */
  error?: string;
}

export interface ProbeResult extends ProbeOutcome {
  target: string;
  checkedAt: Date;
}

/** What the monitor knows of a target: `GET /targets` shows it, the fallback reads it. */
export interface TargetStatus {
  name: string;
  url: string;
  /** null until the first probe. */
  up: boolean | null;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  lastCheckedAt: string | null;
  consecutiveFailures: number;
  /** When the current run of failed probes began; null while up. */
  failingSince: string | null;
}

export function unprobed(target: Target): TargetStatus {
  return {
    name: target.name,
    url: target.url,
    up: null,
    lastStatus: null,
    lastLatencyMs: null,
    lastError: null,
    lastCheckedAt: null,
    consecutiveFailures: 0,
    failingSince: null,
  };
}

export function recordProbe(status: TargetStatus, result: ProbeResult): TargetStatus {
  const checkedAt = result.checkedAt.toISOString();
  return {
    ...status,
    up: result.ok,
    lastStatus: result.status ?? null,
    lastLatencyMs: result.latencyMs,
    lastError: result.error ?? null,
    lastCheckedAt: checkedAt,
    consecutiveFailures: result.ok ? 0 : status.consecutiveFailures + 1,
    failingSince: result.ok ? null : (status.failingSince ?? checkedAt),
  };
}
