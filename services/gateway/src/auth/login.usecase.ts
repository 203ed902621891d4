import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { LoginRequest, LoginResponse } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { randomBytes } from 'node:crypto';
import { AccountRepository } from './account.repository';
import { LoginEvents, type LoginFailureReason } from './login-events';
import { LoginRateLimiter } from './login-rate-limiter';
import { hashPassword, verifyPassword } from './password-hasher';
import { normalizeLoginName, Principals } from './principal';
import { SessionTokens } from './session-tokens';

/** 429 with the seconds to wait, for the `Retry-After` header. */
export class LoginRateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('auth.rate-limited', `too many failed logins: retry in ${retryAfterSeconds} s`, 429);
  }
}

const INVALID = () => new DomainError('auth.invalid-credentials', 'invalid login or password', 401);

/**
 * Password login. Every refusal for a name (unknown, wrong password, disabled) gets the same answer
 * after the same scrypt work, so answers and timing do not tell which names exist.
 */
@Injectable()
export class Login implements OnModuleInit {
  /** Verified against when the name is unknown: same cost as a real account's hash. */
  private decoyHash!: string;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly principals: Principals,
    private readonly limiter: LoginRateLimiter,
    private readonly events: LoginEvents,
    private readonly sessions: SessionTokens,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPassword(randomBytes(24).toString('base64'));
  }

  async execute(request: LoginRequest, clientIp: string): Promise<LoginResponse> {
    const login = normalizeLoginName(request.login);
    const principal = this.principals.of(login);
    const keys = [`login:${principal}`, `ip:${clientIp}`];
    const retryAfter = this.limiter.retryAfterSeconds(keys, Date.now());
    if (retryAfter > 0) {
      // Still reported: attempts beyond the limit are what escalates auth.failure-burst to critical.
      await this.events.failed(principal, 'rate-limited');
      throw new LoginRateLimited(retryAfter);
    }
    const account = await this.accounts.findByLogin(login);
    const passwordOk = await verifyPassword(request.password, account?.passwordHash ?? this.decoyHash);
    const failure: LoginFailureReason | undefined = !account
      ? 'unknown-login'
      : !passwordOk
        ? 'bad-password'
        : account.disabled
          ? 'account-disabled'
          : undefined;
    if (failure || !account) {
      this.limiter.fail(keys, Date.now());
      await this.events.failed(principal, failure ?? 'unknown-login');
      throw INVALID();
    }
    this.limiter.clear(keys[0]);
    await this.events.succeeded(principal);
    const now = Date.now();
    return this.sessions.issue(account, Math.floor(now / 1000), now);
  }
}
