import { Injectable } from '@nestjs/common';
import type { AccountChangeListResponse, AccountListResponse } from '@vigie/contracts';
import { AccountRepository } from '../account.repository';
import type { AuthenticatedAccount } from '../authenticator';

/** Super-admins see every account; an admin sees only their own. */
@Injectable()
export class ListAccounts {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(caller: Pick<AuthenticatedAccount, 'accountId' | 'role'>): Promise<AccountListResponse> {
    if (caller.role !== 'super-admin') {
      const own = await this.accounts.findById(caller.accountId);
      return { items: own ? [own.toView()] : [] };
    }
    return { items: (await this.accounts.list()).map((a) => a.toView()) };
  }

  async changes(limit: number): Promise<AccountChangeListResponse> {
    return { items: (await this.accounts.changes(limit)).map((c) => c.toView()) };
  }
}
