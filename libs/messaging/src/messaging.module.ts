import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { STREAM_IDS, type StreamId } from '@vigie/contracts';
import { Bus } from './bus';
import { provisionStreams } from './provision';
import { EventPublisher } from './publisher';

export interface MessagingModuleOptions {
  url: string;
  namespace?: string;
  /** Connection name: the service name. */
  name: string;
  /** Streams to create or check at boot (default: all). */
  streams?: readonly StreamId[];
  replicas?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Global: provides a connected `Bus` (streams provisioned before any consumer starts) and an
 * `EventPublisher`. The bus is drained in `onApplicationShutdown`, which Nest runs after every
 * `beforeApplicationShutdown`: services stop their consumers there.
 */
@Global()
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(private readonly bus: Bus) {}

  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: Bus,
          useFactory: async () => {
            const bus = await Bus.connect({ url: options.url, namespace: options.namespace, name: options.name });
            try {
              await provisionStreams(bus, options.streams ?? STREAM_IDS, { replicas: options.replicas });
            } catch (e) {
              await bus.close();
              throw e;
            }
            return bus;
          },
        },
        { provide: EventPublisher, useFactory: (bus: Bus) => new EventPublisher(bus), inject: [Bus] },
      ],
      exports: [Bus, EventPublisher, MESSAGING_OPTIONS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
