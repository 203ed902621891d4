import { Injectable } from '@nestjs/common';
import type { AccountWithPassword, ResetPasswordRequest } from '@vigie/contracts';
import { generatePassword } from '../generated-password';
import { UpdateAccount } from './update-account.usecase';

/** A super-admin resets someone's password: the given one, or a generated one shown once. */
@Injectable()
export class ResetPassword {
  constructor(private readonly update: UpdateAccount) {}

  async execute(accountId: string, request: ResetPasswordRequest, actorId: string): Promise<AccountWithPassword> {
    const generatedPassword = request.password === undefined ? generatePassword() : undefined;
    const view = await this.update.execute(accountId, { password: request.password ?? generatedPassword! }, { actorId, passwordAction: 'password-reset' });
    return { ...view, ...(generatedPassword ? { generatedPassword } : {}) };
  }
}
