import { z } from 'zod';
import { EVENT_CATALOG, isEventType, type EventData, type EventType } from './catalog';
import { ContractError } from './errors';
import { EventId, Token, uuidv7 } from './ids';
import { IsoDateTime } from './events/common';

export const EnvelopeV1 = z
  .object({
    id: EventId,
    type: z.string().regex(/^[a-z]+\.[a-z-]+\.[a-z-]+$/, 'must be <domain>.<entity>.<action>'),
    version: z.number().int().positive(),
    occurredAt: IsoDateTime,
    source: Token,
    siteId: Token,
    correlationId: z.string().min(1).max(128).optional(),
    causationId: z.string().min(1).max(128).optional(),
    data: z.unknown(),
  })
  .strict();

/** A decoded, valid event. `data` is always in the current version of its type. */
export interface Envelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  siteId: string;
  correlationId?: string;
  causationId?: string;
  data: EventData<T>;
}

/** Any valid event, narrowable by `type`. */
export type AnyEvent = { [T in EventType]: Envelope<T> }[EventType];

export const MAX_EVENT_BYTES = 64 * 1024;

export interface EventMeta {
  source: string;
  siteId: string;
  occurredAt?: Date | string;
  id?: string;
  correlationId?: string;
  causationId?: string;
}

/** Builds and validates a current-version event; throws ContractError on bad data. */
export function createEvent<T extends EventType>(type: T, data: EventData<T>, meta: EventMeta): Envelope<T> {
  const occurredAt = meta.occurredAt instanceof Date ? meta.occurredAt.toISOString() : meta.occurredAt;
  const candidate = {
    id: meta.id ?? uuidv7(),
    type,
    version: currentVersion(type),
    occurredAt: occurredAt ?? new Date().toISOString(),
    source: meta.source,
    siteId: meta.siteId,
    ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
    ...(meta.causationId ? { causationId: meta.causationId } : {}),
    data,
  };
  return decodeEvent(candidate) as Envelope<T>;
}

export function currentVersion(type: EventType): number {
  return Math.max(...Object.keys(EVENT_CATALOG[type].versions).map(Number));
}

/**
 * Parses bytes, a JSON string or an object into a valid event, or throws a ContractError naming
 * every problem. Older versions are validated against their own schema; an upcaster would go here.
 */
export function decodeEvent(input: Uint8Array | string | unknown): AnyEvent {
  let value: unknown = input;
  if (input instanceof Uint8Array || typeof input === 'string') {
    const size = typeof input === 'string' ? input.length : input.byteLength;
    if (size > MAX_EVENT_BYTES) {
      throw new ContractError('invalid event', [{ path: '', message: `larger than ${MAX_EVENT_BYTES} bytes` }]);
    }
    let text: string;
    try {
      text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new ContractError('invalid event', [{ path: '', message: 'not valid UTF-8' }]);
    }
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ContractError('invalid event', [{ path: '', message: `not JSON (${(e as Error).message})` }]);
    }
  }
  const envelope = EnvelopeV1.safeParse(value);
  if (!envelope.success) throw ContractError.fromZod('invalid event envelope', envelope.error);
  const { type, version, data } = envelope.data;
  if (!isEventType(type)) {
    throw new ContractError('invalid event', [{ path: 'type', message: `unknown event type "${type}"` }]);
  }
  const schema = EVENT_CATALOG[type].versions[version];
  if (!schema) {
    throw new ContractError(`invalid event ${type}`, [{ path: 'version', message: `unknown version ${version}` }]);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw ContractError.fromZod(`invalid event ${type} v${version}`, parsed.error, ['data']);
  return { ...envelope.data, type, data: parsed.data } as AnyEvent;
}

export type DecodeResult = { ok: true; event: AnyEvent } | { ok: false; error: ContractError };

export function safeDecodeEvent(input: Uint8Array | string | unknown): DecodeResult {
  try {
    return { ok: true, event: decodeEvent(input) };
  } catch (e) {
    if (e instanceof ContractError) return { ok: false, error: e };
    throw e;
  }
}

export function encodeEvent(event: Envelope): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(event));
}

export function isEvent<T extends EventType>(event: AnyEvent, type: T): event is Envelope<T> & AnyEvent {
  return event.type === type;
}
