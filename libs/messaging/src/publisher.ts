import { decodeEvent, encodeEvent, eventSubject, type AnyEvent, type Envelope } from '@vigie/contracts';
import { exponentialBackoff, retry, type Backoff } from './backoff';
import type { Bus } from './bus';
import { isTransientNatsError } from './nats-errors';

export interface PublishResult {
  stream: string;
  seq: number;
  /** True when the server already held this event id (a retried publish): nothing new was stored. */
  duplicate: boolean;
}

export interface PublisherOptions {
  /** Tries in total when NATS times out or has no JetStream responder. */
  attempts?: number;
  backoff?: Backoff;
}

/**
 * Publishes valid events to the subject of their type. The event id travels as `Nats-Msg-Id`, so a
 * publish retried within the stream's duplicate window is stored once.
 */
export class EventPublisher {
  private readonly attempts: number;
  private readonly backoff: Backoff;

  constructor(
    private readonly bus: Bus,
    opts: PublisherOptions = {},
  ) {
    this.attempts = opts.attempts ?? 5;
    this.backoff = opts.backoff ?? exponentialBackoff({ baseMs: 200, maxMs: 2000 });
  }

  /** Throws ContractError (and publishes nothing) when the event breaks its contract. */
  async publish(event: Envelope | AnyEvent): Promise<PublishResult> {
    const valid = decodeEvent(event);
    const subject = eventSubject(this.bus.topo, valid);
    const payload = encodeEvent(valid);
    const ack = await retry(() => this.bus.js.publish(subject, payload, { msgID: valid.id }), {
      attempts: this.attempts,
      backoff: this.backoff,
      retryable: isTransientNatsError,
    });
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }
}
