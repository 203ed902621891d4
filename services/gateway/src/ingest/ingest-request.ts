import { DomainError } from '@vigie/health';

export const INGEST_PATH = '/api/events';

export const MAX_BATCH = 1000;

/** The whole request body, whatever it holds: 1000 events of a few hundred bytes fit with room to spare. */
export const INGEST_BODY_LIMIT = '2mb';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The candidate events of a request body: one envelope, or `{ events: [...] }` with 1..MAX_BATCH
 * items. Items are not validated here: each gets its own result.
 */
export function eventsOfBody(body: unknown): unknown[] {
  if (!isPlainObject(body)) {
    throw new DomainError('ingest.invalid-body', 'the body must be one event envelope or { "events": [...] }', 400);
  }
  if (!('events' in body)) return [body];
  const { events, ...rest } = body;
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    const shown = extra.slice(0, 5).map((k) => k.slice(0, 64));
    throw new DomainError('ingest.invalid-body', `a batch holds only "events" (unexpected: ${shown.join(', ')})`, 400);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new DomainError('ingest.invalid-body', `"events" must be an array of 1 to ${MAX_BATCH} envelopes`, 400);
  }
  if (events.length > MAX_BATCH) {
    const message = `a batch holds at most ${MAX_BATCH} events (got ${events.length}); split it`;
    throw new DomainError('ingest.batch-too-large', message, 413);
  }
  return events;
}
