import { Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  CreateAccountRequest,
  UpdateAccountRequest,
  type AccountListResponse,
  type AccountView,
} from '@vigie/contracts';
import { ZodBody } from '@vigie/health';
import { RequireRoles } from '../api-auth.guard';
import { CreateAccount } from './create-account.usecase';
import { ListAccounts } from './list-accounts.usecase';
import { UpdateAccount } from './update-account.usecase';

/** Account administration: super-admins only. */
@Controller('api/accounts')
@RequireRoles('super-admin')
export class AccountsController {
  constructor(
    private readonly listAccounts: ListAccounts,
    private readonly createAccount: CreateAccount,
    private readonly updateAccount: UpdateAccount,
  ) {}

  @Get()
  list(): Promise<AccountListResponse> {
    return this.listAccounts.execute();
  }

  @Post()
  create(@ZodBody(CreateAccountRequest) body: CreateAccountRequest): Promise<AccountView> {
    return this.createAccount.execute(body);
  }

  @Patch(':id')
  update(@Param('id') id: string, @ZodBody(UpdateAccountRequest) body: UpdateAccountRequest): Promise<AccountView> {
    return this.updateAccount.execute(id, body);
  }
}
