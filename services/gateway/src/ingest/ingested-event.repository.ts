import { MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';

export interface StoredEvent {
  stream: string;
  seq: number;
}

export interface IngestedEvent extends StoredEvent {
  eventId: string;
}

/**
 * `gateway.ingested_event`: every event id this endpoint has stored, with where. JetStream forgets
 * message ids after its 2-minute duplicate window; this table does not, so a batch retried the next
 * day is still stored once.
 */
@Injectable()
export class IngestedEventRepository {
  constructor(private readonly orm: MikroORM) {}

  async find(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    if (eventIds.length === 0) return new Map();
    const rows: { event_id: string; stream: string; seq: string }[] = await this.orm.em
      .fork()
      .getConnection()
      .execute(
        'select "event_id", "stream", "seq" from "ingested_event" where "event_id" in (?)',
        [[...new Set(eventIds)]],
      );
    return new Map(rows.map((r) => [r.event_id, { stream: r.stream, seq: Number(r.seq) }]));
  }

  /** Records stored events; ids already recorded keep their first row. */
  async record(events: readonly IngestedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map(() => '(?, ?, ?)').join(', ');
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into "ingested_event" ("event_id", "stream", "seq") values ${rows} on conflict do nothing`,
        events.flatMap((e) => [e.eventId, e.stream, e.seq]),
      );
  }
}
