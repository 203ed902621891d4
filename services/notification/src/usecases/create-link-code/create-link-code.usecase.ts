import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../../config';
import { generateLinkCode, hashLinkCode } from '../../domain/link-code';
import { LinkCodeRow } from '../../entities/link-code.entity';

export interface LinkCode {
  code: string;
  expiresAt: string;
}

/** A one-time code the dashboard shows an admin, who sends `/link CODE` from the chat to link. */
@Injectable()
export class CreateLinkCode {
  constructor(
    private readonly em: EntityManager,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async execute(input: { createdBy?: string; ttlMinutes?: number } = {}): Promise<LinkCode> {
    const code = generateLinkCode();
    const ttl = Math.min(input.ttlMinutes ?? this.config.LINK_CODE_TTL_MINUTES, this.config.LINK_CODE_TTL_MINUTES);
    const expiresAt = new Date(Date.now() + ttl * 60_000);
    const em = this.em.fork();
    // Used and expired codes are worthless; dropping them keeps the table small.
    await em.nativeDelete(LinkCodeRow, { expiresAt: { $lt: new Date(Date.now() - 86_400_000) } });
    em.create(LinkCodeRow, { codeHash: hashLinkCode(code), createdBy: input.createdBy ?? null, expiresAt });
    await em.flush();
    return { code, expiresAt: expiresAt.toISOString() };
  }
}
