import { EntitySchema } from '@mikro-orm/core';
import type { AccountChangeAction, AccountChangeView, AccountRole } from '@vigie/contracts';

/** A row of `gateway.account_change`: one administrative change to an account, by whom (ids only). */
export class AccountChange {
  id!: string;
  at!: Date;
  actorId!: string;
  accountId!: string;
  action!: AccountChangeAction;
  role?: AccountRole | null;

  toView(): AccountChangeView {
    return {
      id: this.id,
      at: this.at.toISOString(),
      actorId: this.actorId,
      accountId: this.accountId,
      action: this.action,
      ...(this.role ? { role: this.role } : {}),
    };
  }
}

export const AccountChangeSchema = new EntitySchema<AccountChange>({
  class: AccountChange,
  tableName: 'account_change',
  properties: {
    id: { type: 'uuid', primary: true },
    at: { type: 'datetime' },
    actorId: { type: 'uuid' },
    accountId: { type: 'uuid' },
    action: { type: 'string' },
    role: { type: 'string', nullable: true },
  },
});
