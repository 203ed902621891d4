import { Injectable } from '@nestjs/common';
import type { AccountView, CreateAccountRequest } from '@vigie/contracts';
import { AccountRepository } from '../account.repository';
import { hashPassword } from '../password-hasher';

@Injectable()
export class CreateAccount {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(request: CreateAccountRequest): Promise<AccountView> {
    const passwordHash = await hashPassword(request.password);
    const account = await this.accounts.create({ login: request.login, role: request.role, passwordHash });
    return account.toView();
  }
}
