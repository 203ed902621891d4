import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';

export type LoginFailureReason = 'unknown-login' | 'bad-password' | 'account-disabled' | 'rate-limited';

/**
 * `auth.login.succeeded|failed` on channel `web`, keyed by principal (never the name). Stored in the
 * gateway's outbox before the answer leaves, so a NATS outage delays them but loses none.
 */
@Injectable()
export class LoginEvents {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
  ) {}

  succeeded(principal: string): Promise<void> {
    return this.record(createEvent('auth.login.succeeded', { principal, channel: 'web' }, this.meta()));
  }

  failed(principal: string, reason: LoginFailureReason): Promise<void> {
    return this.record(createEvent('auth.login.failed', { principal, channel: 'web', reason }, this.meta()));
  }

  private meta() {
    return { source: 'gateway', siteId: 'global' };
  }

  private async record(event: Parameters<typeof enqueue>[1]): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => enqueue(em, event));
    this.relay.kick();
  }
}
