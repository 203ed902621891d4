import { STREAM_IDS, type DeadLetterRecord } from '@vigie/contracts';
import { decodeDeadLetter } from '@vigie/messaging';
import { deterministicEventId } from '../domain/ids';
import { DEAD_LETTER_EVENT_TYPE, type DeadLetterEvent } from './detector';

/** `T1A2_CASH` → `CASH`: anomalies name the stream as the topology does, whatever the installation's namespace. */
export function streamIdOf(streamName: string): string {
  return STREAM_IDS.find((s) => streamName === s || streamName.endsWith(`_${s}`)) ?? streamName;
}

/**
 * Adapts a DEADLETTER record into detector input. The id names the dead-lettered message (stream,
 * durable, its sequence), as the record's own msg id does, so the same record always gives the same
 * event, and the time is the record's, never the wall clock.
 */
export function deadLetterEvent(record: DeadLetterRecord): DeadLetterEvent {
  const stream = streamIdOf(record.stream);
  return {
    id: deterministicEventId('dead-letter', stream, record.durable, String(record.seq)),
    type: DEAD_LETTER_EVENT_TYPE,
    version: 1,
    occurredAt: record.deadLetteredAt,
    source: 'messaging',
    siteId: 'global',
    ...(record.eventId ? { causationId: record.eventId.slice(0, 128) } : {}),
    data: record,
  };
}

/** The DEADLETTER stream's decoder for the detection consumer: a bad record is itself dead-lettered. */
export function decodeDeadLetterEvent(data: Uint8Array): DeadLetterEvent {
  return deadLetterEvent(decodeDeadLetter(data));
}
