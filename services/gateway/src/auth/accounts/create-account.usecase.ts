import { Injectable, Logger } from '@nestjs/common';
import type { AccountWithPassword, CreateAccountRequest } from '@vigie/contracts';
import { AccountRepository } from '../account.repository';
import { generatePassword } from '../generated-password';
import { hashPassword } from '../password-hasher';

/** A super-admin creates an account, with the password they give or one generated and shown once. */
@Injectable()
export class CreateAccount {
  private readonly logger = new Logger(CreateAccount.name);

  constructor(private readonly accounts: AccountRepository) {}

  async execute(request: CreateAccountRequest, actorId: string): Promise<AccountWithPassword> {
    const generatedPassword = request.password === undefined ? generatePassword() : undefined;
    const passwordHash = await hashPassword(request.password ?? generatedPassword!);
    const account = await this.accounts.create({ login: request.login, role: request.role, passwordHash }, actorId);
    this.logger.log(`account ${account.id} (${account.role}) created by ${actorId}`);
    return { ...account.toView(), ...(generatedPassword ? { generatedPassword } : {}) };
  }
}
