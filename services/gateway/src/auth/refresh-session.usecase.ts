import { Inject, Injectable } from '@nestjs/common';
import type { LoginResponse } from '@vigie/contracts';
import { unauthorized } from './access-tokens';
import { AccountRepository } from './account.repository';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';
import type { AuthenticatedAccount } from './authenticator';
import { SessionTokens } from './session-tokens';

/** A fresh token for a still-valid one, up to AUTH_SESSION_MAX_SECONDS after the password login. */
@Injectable()
export class RefreshSession {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionTokens,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async execute(caller: AuthenticatedAccount): Promise<LoginResponse> {
    const now = Date.now();
    if (now / 1000 - caller.authTime >= this.settings.sessionMaxSeconds) {
      throw unauthorized('this session is too old to be extended: log in again');
    }
    const account = await this.accounts.findById(caller.accountId);
    if (!account || account.disabled) throw unauthorized('this session is no longer valid: log in again');
    return this.sessions.issue(account, caller.authTime, now);
  }
}
