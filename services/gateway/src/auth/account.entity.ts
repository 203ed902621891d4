import { EntitySchema } from '@mikro-orm/core';
import type { AccountRole, AccountSummary, AccountView } from '@vigie/contracts';

/** A row of `gateway.account`: an administrator who may use the dashboard and the admin API. */
export class Account {
  id!: string;
  /** Normalised login name; personal data: never logged, never in an event. */
  login!: string;
  role!: AccountRole;
  passwordHash!: string;
  disabled!: boolean;
  /** Tokens carry it; bumping it revokes every token issued before. */
  sessionVersion!: number;
  createdAt!: Date;
  updatedAt!: Date;

  toSummary(): AccountSummary {
    return { id: this.id, login: this.login, role: this.role };
  }

  toView(): AccountView {
    return {
      ...this.toSummary(),
      disabled: this.disabled,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}

export const AccountSchema = new EntitySchema<Account>({
  class: Account,
  tableName: 'account',
  properties: {
    id: { type: 'uuid', primary: true },
    login: { type: 'string', unique: true },
    role: { type: 'string' },
    passwordHash: { type: 'string', hidden: true },
    disabled: { type: 'boolean' },
    sessionVersion: { type: 'integer' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});
