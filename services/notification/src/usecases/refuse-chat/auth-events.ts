import { Logger } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import type { EventPublisher } from '@vigie/messaging';

const logger = new Logger('AuthEvents');

/**
 * `auth.login.succeeded|failed` for a Telegram chat, by its opaque principal. Best effort: a NATS
 * hiccup must not keep the bot from answering (the anomaly service only counts these).
 */
export async function publishLogin(publisher: EventPublisher, principal: string, outcome: { ok: true } | { ok: false; reason: string }): Promise<void> {
  const event = outcome.ok
    ? createEvent('auth.login.succeeded', { principal, channel: 'telegram' }, { source: 'notification', siteId: 'global' })
    : createEvent('auth.login.failed', { principal, channel: 'telegram', reason: outcome.reason }, { source: 'notification', siteId: 'global' });
  await publisher.publish(event).catch((e: Error) => logger.warn(`${event.type} not published: ${e.message}`));
}
