import { Injectable } from '@nestjs/common';

/** What the readiness check asks of a running consumer; a `startConsumer` handle fits as is. */
export interface ConsumerStatus {
  info(): Promise<{ running: boolean; pending?: number }>;
}

/** Consumers (and other loops, e.g. an outbox relay) a service runs; `/health/ready` checks each one. */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Map<string, ConsumerStatus>();

  register(name: string, handle: ConsumerStatus): void {
    if (this.consumers.has(name)) throw new Error(`consumer ${name} is already registered`);
    this.consumers.set(name, handle);
  }

  unregister(name: string): void {
    this.consumers.delete(name);
  }

  entries(): [string, ConsumerStatus][] {
    return [...this.consumers];
  }
}
