import { Injectable } from '@nestjs/common';
import type { ChangeOwnPasswordRequest, LoginResponse } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { unauthorized } from './access-tokens';
import { AccountRepository } from './account.repository';
import type { AuthenticatedAccount } from './authenticator';
import { LoginRateLimiter } from './login-rate-limiter';
import { LoginRateLimited } from './login.usecase';
import { hashPassword, verifyPassword } from './password-hasher';
import { SessionRevocations } from './session-revocations';
import { SessionTokens } from './session-tokens';

/**
 * An admin changes their own password, proving the current one (attempts rate-limited like logins, so
 * a stolen token cannot guess it). Every other session of the account ends; the answer is a fresh token.
 */
@Injectable()
export class ChangeOwnPassword {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionTokens,
    private readonly revocations: SessionRevocations,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async execute(caller: AuthenticatedAccount, request: ChangeOwnPasswordRequest): Promise<LoginResponse> {
    const key = `password:${caller.accountId}`;
    const retryAfter = this.limiter.retryAfterSeconds([key], Date.now());
    if (retryAfter > 0) throw new LoginRateLimited(retryAfter);
    const current = await this.accounts.findById(caller.accountId);
    if (!current) throw unauthorized('this session is no longer valid: log in again');
    if (!(await verifyPassword(request.currentPassword, current.passwordHash))) {
      this.limiter.fail([key], Date.now());
      throw new DomainError('account.wrong-password', 'the current password is wrong', 400);
    }
    this.limiter.clear(key);
    const passwordHash = await hashPassword(request.newPassword);
    const account = await this.accounts.update(caller.accountId, { passwordHash }, { actorId: caller.accountId, passwordAction: 'password-changed' });
    this.revocations.revoke(account.id);
    const now = Date.now();
    return this.sessions.issue(account, Math.floor(now / 1000), now);
  }
}
