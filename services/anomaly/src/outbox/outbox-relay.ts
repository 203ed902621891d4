import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { decodeEvent } from '@vigie/contracts';
import { EventPublisher } from '@vigie/messaging';
import { OutboxRow } from '../entities/outbox.entity';

export const OUTBOX_INTERVAL_MS = Symbol('OUTBOX_INTERVAL_MS');

/**
 * Publishes committed anomaly events in commit order, then marks them published. The event id is
 * the Nats-Msg-Id, so a relay interrupted between publish and mark stores the event once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<number> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly publisher: EventPublisher,
    @Inject(OUTBOX_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () =>
      this.flush().catch((e) => this.logger.warn(`outbox not published yet: ${(e as Error).message}`));
    void tick();
    this.timer = setInterval(tick, this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Publishes everything pending; concurrent calls share one pass (and trigger one more after it). */
  flush(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async pending(): Promise<number> {
    return this.em.fork().count(OutboxRow, { publishedAt: null });
  }

  private async drain(): Promise<number> {
    let published = 0;
    do {
      this.again = false;
      for (;;) {
        const em = this.em.fork();
        const rows = await em.find(OutboxRow, { publishedAt: null }, { orderBy: { id: 'asc' }, limit: 100 });
        if (rows.length === 0) break;
        for (const row of rows) {
          await this.publisher.publish(decodeEvent(row.envelope));
          row.publishedAt = new Date();
          await em.flush();
          published += 1;
        }
      }
    } while (this.again);
    if (published) this.logger.debug(`published ${published} anomaly event(s)`);
    return published;
  }
}
