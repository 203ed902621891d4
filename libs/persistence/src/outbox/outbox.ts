import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope } from '@vigie/contracts';
import { OutboxEvent } from './outbox.entity';

/** Stores an event in the caller's transaction; the relay publishes it once that commits. */
export function enqueue(em: EntityManager, event: Envelope): void {
  em.create(OutboxEvent, {
    eventId: event.id,
    eventType: event.type,
    envelope: event as unknown as Record<string, unknown>,
  });
}
