import { Injectable } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { MetricsService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';

/** Publishes `ops.tick.emitted` at the current time: the clock absence rules (`service.down`) are judged by. */
@Injectable()
export class EmitTick {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  async execute(): Promise<void> {
    const event = createEvent('ops.tick.emitted', {}, { source: SERVICE, siteId: 'global', occurredAt: this.clock.now() });
    await this.publisher.publish(event);
    this.metrics.eventsPublished.inc({ stream: 'OPS', type: event.type });
  }
}
