import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import type { Request } from 'express';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The chats API hands out link codes and edits who gets alerts: when NOTIFICATION_API_TOKEN is set,
 * only a caller presenting it (the gateway) may use it. Unset, the API relies on staying on an
 * internal network, as every service API of Vigie does.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(NOTIFICATION_CONFIG) config: NotificationConfig) {
    if (config.NOTIFICATION_API_TOKEN) this.expected = digest(config.NOTIFICATION_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(header);
    // Digests have one length whatever was sent, so the comparison takes the same time.
    if (!m || !timingSafeEqual(digest(m[1]), this.expected)) throw new DomainError('auth.unauthorized', 'a valid bearer token is required', 401);
    return true;
  }
}
