import { Injectable } from '@nestjs/common';
import type { AccountListResponse } from '@vigie/contracts';
import { AccountRepository } from '../account.repository';

@Injectable()
export class ListAccounts {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(): Promise<AccountListResponse> {
    return { items: (await this.accounts.list()).map((a) => a.toView()) };
  }
}
