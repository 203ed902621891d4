import { Injectable } from '@nestjs/common';
import type { AccountRole } from '@vigie/contracts';
import { AccessTokens, unauthorized } from './access-tokens';
import { AccountRepository } from './account.repository';
import { Principals } from './principal';

/** Who is calling, as checked against the account table on every request or handshake. */
export interface AuthenticatedAccount {
  accountId: string;
  login: string;
  /** The account's current role (the table's, not the token's). */
  role: AccountRole;
  /** Opaque id of the login name: what events and anomaly actions carry. */
  principal: string;
  /** When the presented token expires, ms since the epoch. */
  expiresAtMs: number;
  /** Unix seconds of the password login this session started with. */
  authTime: number;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function bearerToken(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}

/**
 * A valid token is not enough: its account must still exist, be enabled, and hold the session version
 * the token was issued for, so disabling an account or changing its password or role takes effect at
 * once instead of at token expiry.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountRepository,
    private readonly principals: Principals,
  ) {}

  async authenticate(token: string | undefined, nowMs = Date.now()): Promise<AuthenticatedAccount> {
    if (!token) throw unauthorized('a token is required (Authorization: Bearer <token>)');
    const claims = this.tokens.verify(token, nowMs);
    const account = await this.accounts.findById(claims.sub);
    if (!account || account.disabled || account.sessionVersion !== claims.sv) {
      throw unauthorized('this session is no longer valid: log in again');
    }
    return {
      accountId: account.id,
      login: account.login,
      role: account.role,
      principal: this.principals.of(account.login),
      expiresAtMs: claims.exp * 1000,
      authTime: claims.auth_time,
    };
  }
}
