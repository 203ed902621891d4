import {
  DeadLetterRecordV1,
  ContractError,
  deadLetterSubject,
  type DeadLetterRecord,
} from '@vigie/contracts';
import { exponentialBackoff, retry } from './backoff';
import type { Bus } from './bus';
import { isTransientNatsError } from './nats-errors';
import { replayStream } from './replay';

/** The original payload is kept up to this size; DEADLETTER messages must stay under max_payload. */
export const DEAD_LETTER_PAYLOAD_MAX_BYTES = 64 * 1024;
const REASON_MAX = 4000;

export type DeadLetterKind = DeadLetterRecord['kind'];

export interface DeadLetterInput {
  streamName: string;
  durable: string;
  subject: string;
  seq: number;
  deliveryCount: number;
  kind: DeadLetterKind;
  reason: string;
  data: Uint8Array;
  now?: Date;
}

export function buildDeadLetter(input: DeadLetterInput): DeadLetterRecord {
  const truncated = input.data.byteLength > DEAD_LETTER_PAYLOAD_MAX_BYTES;
  const bytes = truncated ? input.data.subarray(0, DEAD_LETTER_PAYLOAD_MAX_BYTES) : input.data;
  const reason = input.reason.trim() || input.kind;
  return DeadLetterRecordV1.parse({
    stream: input.streamName,
    durable: input.durable,
    subject: input.subject,
    seq: input.seq,
    deliveryCount: Math.max(1, input.deliveryCount),
    reason: reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason,
    kind: input.kind,
    ...identify(input.data),
    payloadBase64: Buffer.from(bytes).toString('base64'),
    payloadTruncated: truncated,
    deadLetteredAt: (input.now ?? new Date()).toISOString(),
  });
}

/** Best effort: the id and type of a payload that is JSON enough to have them, for the dashboard. */
function identify(data: Uint8Array): { eventId?: string; eventType?: string } {
  if (data.byteLength > DEAD_LETTER_PAYLOAD_MAX_BYTES) return {};
  try {
    const value = JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
    const pick = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : undefined);
    const out: { eventId?: string; eventType?: string } = {};
    const id = pick(value?.id);
    const type = pick(value?.type);
    if (id) out.eventId = id;
    if (type) out.eventType = type;
    return out;
  } catch {
    return {};
  }
}

/**
 * Stores a record on DEADLETTER. The msg id names the stream, durable and sequence, so a
 * dead-lettering retried after a crash is stored once per consumer.
 */
export async function publishDeadLetter(bus: Bus, record: DeadLetterRecord): Promise<{ seq: number; duplicate: boolean }> {
  const subject = deadLetterSubject(bus.topo, record.stream, record.durable);
  const ack = await retry(
    () =>
      bus.js.publish(subject, JSON.stringify(record), {
        msgID: `dl-${record.stream}-${record.durable}-${record.seq}`,
      }),
    { attempts: 3, backoff: exponentialBackoff({ baseMs: 200, maxMs: 1000 }), retryable: isTransientNatsError },
  );
  return { seq: ack.seq, duplicate: ack.duplicate };
}

export function decodeDeadLetter(data: Uint8Array): DeadLetterRecord {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch (e) {
    throw new ContractError('invalid dead letter', [{ path: '', message: `not JSON (${(e as Error).message})` }]);
  }
  const parsed = DeadLetterRecordV1.safeParse(value);
  if (!parsed.success) throw ContractError.fromZod('invalid dead letter', parsed.error);
  return parsed.data;
}

export type StoredDeadLetter = DeadLetterRecord & { deadLetterSeq: number };

/** Dead letters currently stored (optionally of one durable), oldest first, at most the last `limit`. */
export async function readDeadLetters(
  bus: Bus,
  opts: { durable?: string; limit?: number } = {},
): Promise<StoredDeadLetter[]> {
  const limit = opts.limit ?? 100;
  const out: StoredDeadLetter[] = [];
  for await (const item of replayStream(bus, 'DEADLETTER', { decode: decodeDeadLetter })) {
    if (!item.event) continue;
    if (opts.durable && item.event.durable !== opts.durable) continue;
    out.push({ ...item.event, deadLetterSeq: item.seq });
    if (out.length > limit) out.shift();
  }
  return out;
}
