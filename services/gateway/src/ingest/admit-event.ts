import { safeDecodeEvent, STREAM_DOMAIN, type AnyEvent, type StreamId } from '@vigie/contracts';
import { MAX_AHEAD_MS } from '@vigie/health';

/** Streams whose events only Vigie writes: an outsider may report domain facts, never conclusions about them. */
export const VIGIE_OWNED_STREAMS: readonly StreamId[] = ['ANOMALY', 'NOTIFY', 'REPORT'];
const OWNED_DOMAINS = new Set(VIGIE_OWNED_STREAMS.map((s) => STREAM_DOMAIN[s]));
/** The clock of absence rules: only the monitor ticks, or a forged future tick could raise `service.down`. */
const OWNED_TYPES = new Set(['ops.tick.emitted']);

export interface IngestRefusal {
  code: string;
  message: string;
}

export type Admission = { ok: true; event: AnyEvent } | { ok: false; id?: string; error: IngestRefusal };

function stringField(raw: unknown, key: 'id' | 'type'): string | undefined {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
}

/**
 * Decides whether one candidate event may be published: a valid envelope of a domain-fact type that
 * did not happen in the future. Rules work in event time, so one forged future event would move a
 * detector's clock (windows, absences) ahead for everything after it.
 */
export function admitEvent(raw: unknown, now: Date = new Date()): Admission {
  const id = stringField(raw, 'id');
  const refuse = (error: IngestRefusal): Admission => ({ ok: false, ...(id ? { id } : {}), error });
  const type = stringField(raw, 'type');
  if (type !== undefined && (OWNED_DOMAINS.has(type.split('.')[0]) || OWNED_TYPES.has(type))) {
    return refuse({
      code: 'ingest.forbidden-type',
      message: `type: ${type} events are written by Vigie itself; only domain facts can be ingested`,
    });
  }
  const decoded = safeDecodeEvent(raw);
  if (!decoded.ok) return refuse({ code: decoded.error.code, message: decoded.error.message });
  if (Date.parse(decoded.event.occurredAt) - now.getTime() > MAX_AHEAD_MS) {
    return refuse({
      code: 'ingest.future-event',
      message: `occurredAt: ${decoded.event.occurredAt} is more than ${MAX_AHEAD_MS / 60_000} min ahead of the server clock`,
    });
  }
  return { ok: true, event: decoded.event };
}
