import { Injectable, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEvent, STREAM_IDS } from '@vigie/contracts';
import { randomBytes } from 'node:crypto';
import { Bus } from './bus';
import { startConsumer, type ConsumerHandle } from './consumer';
import { destroyTestBus, eventually } from './int-spec-support';
import { MessagingModule } from './messaging.module';
import { EventPublisher } from './publisher';

const url = process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222';

@Injectable()
class SessionsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  handle?: ConsumerHandle;
  readonly seen: string[] = [];
  busOpenWhenStopping?: boolean;

  constructor(private readonly bus: Bus) {}

  async onApplicationBootstrap() {
    this.handle = await startConsumer(this.bus, {
      stream: 'CASH',
      durable: 'module-test',
      handler: (e) => {
        this.seen.push(e.id);
      },
    });
  }

  async beforeApplicationShutdown() {
    this.busOpenWhenStopping = !this.bus.isClosed();
    await this.handle?.stop();
  }
}

describe('MessagingModule', () => {
  const namespace = 't' + randomBytes(4).toString('hex');

  @Module({
    imports: [MessagingModule.forRoot({ url, namespace, name: 'module-test', streams: ['CASH', 'DEADLETTER'] })],
    providers: [SessionsConsumer],
  })
  class AppModule {}

  afterAll(async () => {
    const admin = await Bus.connect({ url, namespace, name: 'cleanup' });
    await destroyTestBus(admin);
  });

  it('provides a connected Bus with its streams and a publisher, and closes the bus after consumers stop', async () => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const bus = app.get(Bus);
    expect(bus.topo.namespace).toBe(namespace);
    const names: string[] = [];
    for await (const n of bus.jsm.streams.names()) if (n.startsWith(`${namespace.toUpperCase()}_`)) names.push(n);
    expect(names.sort()).toEqual([`${namespace.toUpperCase()}_CASH`, `${namespace.toUpperCase()}_DEADLETTER`]);
    expect(STREAM_IDS.length).toBeGreaterThan(2);

    const event = createEvent(
      'cash.session.opened',
      { sessionId: 's1', registerId: 'reg-1', operatorId: 'op-1', openingAmount: 50 },
      { source: 'cash', siteId: 'site-1' },
    );
    await app.get(EventPublisher).publish(event);
    const consumer = app.get(SessionsConsumer);
    await eventually(() => expect(consumer.handle!.stats.acked).toBe(1));
    expect(consumer.seen).toEqual([event.id]);

    await app.close();
    expect(consumer.busOpenWhenStopping).toBe(true);
    expect(bus.isClosed()).toBe(true);
  });

  it('fails to boot with a clear error when a stream cannot be provisioned', async () => {
    @Module({ imports: [MessagingModule.forRoot({ url, namespace, name: 'module-test', streams: ['AUTH'], replicas: 5 })] })
    class Broken {}
    await expect(NestFactory.createApplicationContext(Broken, { logger: false, abortOnError: false })).rejects.toThrow(
      /cannot provision stream T[A-Z0-9]+_AUTH/,
    );
  });
});
