import { Injectable } from '@nestjs/common';
import { decodeEvent, STREAM_DOMAIN, type AuditEventLine, type AuditEventsQuery, type StreamId } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { Bus, decodeDeadLetter, replayStream } from '@vigie/messaging';

/**
 * How far before its event time a message may have been stored (a producer's clock ahead of the
 * server's): a range is read from the storage time `from − STORED_EARLY_MS`, then kept by event time.
 */
export const STORED_EARLY_MS = 24 * 3_600_000;

type Decoded = { occurredAt: string } & Record<string, unknown>;

/** DEADLETTER holds the messaging layer's records (their time: when they were dead-lettered), the others envelopes. */
function decoderOf(stream: StreamId): (data: Uint8Array) => Decoded {
  if (stream === 'DEADLETTER') {
    return (data) => {
      const record = decodeDeadLetter(data);
      return { ...record, occurredAt: record.deadLetteredAt };
    };
  }
  return (data) => decodeEvent(data) as unknown as Decoded;
}

/**
 * The stored events of one stream whose event time is in `[from, to)`, in stream order, read with an
 * ordered consumer (nothing held in memory but the line being sent). A message that breaks its
 * contract is a line with `error` instead of `event` (its event time is unknown: it is listed).
 */
@Injectable()
export class ReadAuditEvents {
  constructor(private readonly bus: Bus) {}

  /** The subject filter on the server: `cash.session.closed.>` or a full `recyclic….` subject of this stream. */
  filterOf(query: AuditEventsQuery): string | undefined {
    if (!query.subject) return undefined;
    const root = this.bus.topo.root;
    const subject = query.subject.startsWith(`${root}.`) ? query.subject : `${root}.${query.subject}`;
    const domain = STREAM_DOMAIN[query.stream];
    if (!subject.startsWith(`${root}.${domain}.`) && subject !== `${root}.>`) {
      throw new DomainError('audit.subject-outside-stream', `subject must be within ${domain}.> (the ${query.stream} stream)`, 400);
    }
    return subject === `${root}.>` ? undefined : subject;
  }

  async *lines(query: AuditEventsQuery): AsyncGenerator<AuditEventLine> {
    const filterSubject = this.filterOf(query);
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const decode = decoderOf(query.stream);
    let sent = 0;
    const items = replayStream<Decoded>(this.bus, query.stream, {
      fromTime: new Date(from - STORED_EARLY_MS),
      decode,
      ...(filterSubject ? { filterSubject } : {}),
    });
    for await (const item of items) {
      if (query.limit !== undefined && sent >= query.limit) return;
      const base = { stream: query.stream, seq: item.seq, subject: item.subject, time: item.time.toISOString() };
      if (!item.event) {
        sent += 1;
        yield { ...base, error: item.error?.message ?? 'undecodable' };
        continue;
      }
      const t = Date.parse(item.event.occurredAt);
      if (t < from || t >= to) continue;
      sent += 1;
      yield { ...base, event: query.stream === 'DEADLETTER' ? withoutTime(item.event) : item.event };
    }
  }

  async one(stream: StreamId, seq: number): Promise<AuditEventLine> {
    const stored = await this.bus.jsm.streams.getMessage(this.bus.topo.streamName(stream), { seq }).catch((e: Error) => {
      if (/no message found|not found/i.test(e.message)) return null;
      throw e;
    });
    if (!stored) throw new DomainError('audit.event-not-found', `no message ${seq} in ${stream}`, 404);
    const base = { stream, seq: stored.seq, subject: stored.subject, time: stored.time.toISOString() };
    try {
      const event = decoderOf(stream)(stored.data);
      return { ...base, event: stream === 'DEADLETTER' ? withoutTime(event) : event };
    } catch (e) {
      return { ...base, error: (e as Error).message };
    }
  }
}

function withoutTime({ occurredAt: _t, ...record }: Decoded): Record<string, unknown> {
  return record;
}
