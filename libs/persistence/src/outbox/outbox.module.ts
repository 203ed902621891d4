import { type DynamicModule, Module } from '@nestjs/common';
import { OUTBOX_OPTIONS, OutboxRelay, type OutboxOptions } from './outbox-relay';

/**
 * The transactional outbox of a service: use cases `enqueue(em, event)` inside their transaction,
 * the relay publishes after commit. Needs the service's MikroORM (with `OutboxEventSchema` among its
 * entities and `OUTBOX_MIGRATION_SQL` in a migration), MessagingModule and HealthModule.
 */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxOptions): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: OUTBOX_OPTIONS, useValue: options }, OutboxRelay],
      exports: [OutboxRelay],
    };
  }
}
