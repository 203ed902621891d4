import { Injectable, Logger } from '@nestjs/common';
import type { AccountView, UpdateAccountRequest } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { AccountRepository, type AccountEdit, type ChangeAuthor } from '../account.repository';
import type { Account } from '../account.entity';
import { hashPassword } from '../password-hasher';
import { SessionRevocations } from '../session-revocations';

/** Refuses a change that would leave no enabled super-admin, so the accounts can always be administered. */
export function keepOneSuperAdmin(_after: Account, activeSuperAdmins: number): void {
  if (activeSuperAdmins === 0) {
    throw new DomainError('account.last-super-admin', 'at least one enabled super-admin must remain', 409);
  }
}

/**
 * Changes an account's role, disabled flag or password. Any change revokes the account's sessions
 * (its tokens stop working and its live connections close), and is recorded with the acting account's id.
 */
@Injectable()
export class UpdateAccount {
  private readonly logger = new Logger(UpdateAccount.name);

  constructor(
    private readonly accounts: AccountRepository,
    private readonly revocations: SessionRevocations,
  ) {}

  async execute(accountId: string, request: UpdateAccountRequest, author: ChangeAuthor): Promise<AccountView> {
    const change: AccountEdit = {
      ...(request.role !== undefined ? { role: request.role } : {}),
      ...(request.disabled !== undefined ? { disabled: request.disabled } : {}),
      ...(request.password !== undefined ? { passwordHash: await hashPassword(request.password) } : {}),
    };
    const account = await this.accounts.update(accountId, change, author, keepOneSuperAdmin);
    this.revocations.revoke(account.id);
    this.logger.log(`account ${account.id} changed (${Object.keys(request).join(', ')}) by ${author.actorId}`);
    return account.toView();
  }
}
