import { Injectable, Logger } from '@nestjs/common';
import { streamOfType, type AnyEvent } from '@vigie/contracts';
import { DomainError, MetricsService } from '@vigie/health';
import { admitEvent } from './admit-event';
import { BatchPublishError, BatchPublisher } from './batch-publisher';
import { IngestedEventRepository, type IngestedEvent } from './ingested-event.repository';
import {
  ingestResponse,
  rejectedResult,
  storedResult,
  type IngestItemResult,
  type IngestResponse,
} from './ingest-result';

/**
 * Validates the events of one request once, then publishes the admitted ones in batch order, pipelined
 * within each run of one stream (BatchPublisher: detectors read streams in order, and nothing after an
 * event that cannot be stored is stored). An event id already stored — by an earlier request, or
 * earlier in this batch — is answered `duplicate`, not republished.
 */
@Injectable()
export class IngestEvents {
  private readonly logger = new Logger(IngestEvents.name);
  private readonly outcomes;

  constructor(
    private readonly publisher: BatchPublisher,
    private readonly ingested: IngestedEventRepository,
    private readonly metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('vigie_ingest_events_total', 'Events received on POST /api/events, by outcome', [
      'status',
    ]);
  }

  async execute(candidates: readonly unknown[]): Promise<{ status: 200 | 207 | 400; body: IngestResponse }> {
    const now = new Date();
    const admissions = candidates.map((c) => admitEvent(c, now));
    const ids = admissions.flatMap((a) => (a.ok ? [a.event.id] : []));
    const known = await this.unavailableOnFailure('the batch', () => this.ingested.find(ids));
    const results: IngestItemResult[] = new Array(admissions.length);
    const toPublish: { index: number; event: AnyEvent }[] = [];
    const repeats: { index: number; id: string }[] = [];
    const first = new Set<string>();
    for (const [index, admission] of admissions.entries()) {
      if (!admission.ok) {
        results[index] = rejectedResult(index, admission.error, admission.id);
        continue;
      }
      const { event } = admission;
      const already = known.get(event.id);
      if (already) results[index] = storedResult(index, event.id, 'duplicate', already);
      else if (first.has(event.id)) repeats.push({ index, id: event.id });
      else {
        first.add(event.id);
        toPublish.push({ index, event });
      }
    }
    const published: IngestedEvent[] = [];
    try {
      await this.publisher.publish(
        toPublish.map((p) => p.event),
        (position, ack) => {
          const { index, event } = toPublish[position];
          const where = { stream: ack.stream, seq: ack.seq };
          known.set(event.id, where);
          published.push({ eventId: event.id, ...where });
          if (!ack.duplicate) this.metrics.eventsPublished.inc({ stream: streamOfType(event.type), type: event.type });
          results[index] = storedResult(index, event.id, ack.duplicate ? 'duplicate' : 'accepted', where);
        },
      );
    } catch (e) {
      const at = toPublish[e instanceof BatchPublishError ? e.position : 0];
      throw this.unavailable(`event ${at.index} (${at.event.id})`, e instanceof BatchPublishError ? e.cause : e);
    } finally {
      // One insert per request, also when a publish failed midway: what was acked must be recorded
      // before the client retries. Until then (and after a crash) JetStream's own window dedupes.
      await this.unavailableOnFailure('the batch', () => this.ingested.record(published));
    }
    for (const { index, id } of repeats) results[index] = storedResult(index, id, 'duplicate', known.get(id)!);
    const response = ingestResponse(results);
    this.count(response.body);
    return response;
  }

  /**
   * NATS or Postgres failing ends the request: later events must not overtake the one that failed.
   * Retrying the whole batch is safe: the events already stored come back as duplicates.
   */
  private async unavailableOnFailure<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw this.unavailable(what, e);
    }
  }

  private unavailable(what: string, cause: unknown): DomainError {
    this.logger.error(`could not store ${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
    return new DomainError(
      'ingest.unavailable',
      `could not store ${what}, nor anything after it; retry the whole batch ` +
        '(events already stored are answered as duplicates)',
      503,
    );
  }

  private count({ accepted, duplicates, rejected, results }: IngestResponse): void {
    this.outcomes.inc({ status: 'accepted' }, accepted);
    this.outcomes.inc({ status: 'duplicate' }, duplicates);
    this.outcomes.inc({ status: 'rejected' }, rejected);
    const first = results.find((r) => r.status === 'rejected');
    if (first) {
      this.logger.warn(`${rejected} of ${results.length} ingested events rejected; first #${first.index}: ${first.error?.message}`);
    }
  }
}
