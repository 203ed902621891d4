import { Inject, Injectable } from '@nestjs/common';
import type { LoginResponse } from '@vigie/contracts';
import { AccessTokens } from './access-tokens';
import type { Account } from './account.entity';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';

/** Issues the access token of a session (at login, and again at each refresh). */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly tokens: AccessTokens,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  issue(account: Account, authTime: number, nowMs = Date.now()): LoginResponse {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.settings.tokenTtlSeconds;
    const token = this.tokens.sign({ sub: account.id, role: account.role, sv: account.sessionVersion, iat, exp, auth_time: authTime });
    return { token, expiresAt: new Date(exp * 1000).toISOString(), account: account.toSummary() };
  }
}
