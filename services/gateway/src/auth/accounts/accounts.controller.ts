import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  CreateAccountRequest,
  ResetPasswordRequest,
  UpdateAccountRequest,
  type AccountChangeListResponse,
  type AccountListResponse,
  type AccountView,
  type AccountWithPassword,
} from '@vigie/contracts';
import { ZodBody, ZodQuery } from '@vigie/health';
import { z } from 'zod';
import { CurrentAccount, RequireRoles } from '../api-auth.guard';
import type { AuthenticatedAccount } from '../authenticator';
import { CreateAccount } from './create-account.usecase';
import { ListAccounts } from './list-accounts.usecase';
import { ResetPassword } from './reset-password.usecase';
import { UpdateAccount } from './update-account.usecase';

export const AccountChangesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
type AccountChangesQuery = z.infer<typeof AccountChangesQuery>;

/** Account administration: super-admins; an admin only lists (sees) their own account. */
@Controller('api/accounts')
@RequireRoles('super-admin')
export class AccountsController {
  constructor(
    private readonly listAccounts: ListAccounts,
    private readonly createAccount: CreateAccount,
    private readonly updateAccount: UpdateAccount,
    private readonly resetPassword: ResetPassword,
  ) {}

  @Get()
  @RequireRoles('admin', 'super-admin')
  list(@CurrentAccount() caller: AuthenticatedAccount): Promise<AccountListResponse> {
    return this.listAccounts.execute(caller);
  }

  @Get('changes')
  changes(@ZodQuery(AccountChangesQuery) query: AccountChangesQuery): Promise<AccountChangeListResponse> {
    return this.listAccounts.changes(query.limit);
  }

  @Post()
  create(
    @ZodBody(CreateAccountRequest) body: CreateAccountRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<AccountWithPassword> {
    return this.createAccount.execute(body, caller.accountId);
  }

  @Patch(':id')
  update(
    @Param('id') id: string,
    @ZodBody(UpdateAccountRequest) body: UpdateAccountRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<AccountView> {
    return this.updateAccount.execute(id, body, { actorId: caller.accountId });
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  reset(
    @Param('id') id: string,
    @ZodBody(ResetPasswordRequest) body: ResetPasswordRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<AccountWithPassword> {
    return this.resetPassword.execute(id, body, caller.accountId);
  }
}
