import { Injectable } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import type { AuthenticatedAccount } from './authenticator';
import { SessionRevocations } from './session-revocations';

/**
 * Server-side logout: bumps the account's session version, so the token (and every other token of the
 * account, on any device) is refused from now on by the HTTP guard and the Socket.IO handshake, and
 * closes the account's live connections on this instance.
 */
@Injectable()
export class Logout {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly revocations: SessionRevocations,
  ) {}

  async execute(caller: AuthenticatedAccount): Promise<void> {
    await this.accounts.revokeSessions(caller.accountId);
    this.revocations.revoke(caller.accountId);
  }
}
