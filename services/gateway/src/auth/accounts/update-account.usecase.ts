import { Injectable } from '@nestjs/common';
import type { AccountView, UpdateAccountRequest } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { AccountRepository, type AccountChange } from '../account.repository';
import { hashPassword } from '../password-hasher';
import { SessionRevocations } from '../session-revocations';

/**
 * Changes an account's role, disabled flag or password. Any change revokes the account's sessions
 * (its tokens stop working and its live connections close); the last active super-admin cannot be
 * demoted or disabled, so the accounts can always be administered.
 */
@Injectable()
export class UpdateAccount {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly revocations: SessionRevocations,
  ) {}

  async execute(accountId: string, request: UpdateAccountRequest): Promise<AccountView> {
    const change: AccountChange = {
      ...(request.role !== undefined ? { role: request.role } : {}),
      ...(request.disabled !== undefined ? { disabled: request.disabled } : {}),
      ...(request.password !== undefined ? { passwordHash: await hashPassword(request.password) } : {}),
    };
    const account = await this.accounts.update(accountId, change, (_after, activeSuperAdmins) => {
      if (activeSuperAdmins === 0) {
        throw new DomainError('account.last-super-admin', 'at least one enabled super-admin must remain', 409);
      }
    });
    this.revocations.revoke(account.id);
    return account.toView();
  }
}
