import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { uuidv7, type AccountRole } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { Account } from './account.entity';

export interface NewAccount {
  login: string;
  role: AccountRole;
  passwordHash: string;
}

export interface AccountChange {
  role?: AccountRole;
  disabled?: boolean;
  passwordHash?: string;
}

const notFound = (id: string) => new DomainError('account.not-found', `no account ${id}`, 404);

@Injectable()
export class AccountRepository {
  constructor(private readonly orm: MikroORM) {}

  findById(id: string): Promise<Account | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.orm.em.fork().findOne(Account, { id });
  }

  findByLogin(login: string): Promise<Account | null> {
    return this.orm.em.fork().findOne(Account, { login });
  }

  list(): Promise<Account[]> {
    return this.orm.em.fork().find(Account, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** 409 `account.login-taken` when the name exists. */
  async create(fields: NewAccount): Promise<Account> {
    const em = this.orm.em.fork();
    const account = this.newAccount(em, fields);
    try {
      await em.flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new DomainError('account.login-taken', 'an account with this login already exists', 409);
      }
      throw e;
    }
    return account;
  }

  /**
   * Creates the account only while the table is empty; instances booting together serialize on an
   * advisory lock, so exactly one first account exists. Returns whether it was created.
   */
  createIfNone(fields: NewAccount): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('vigie.gateway.account-bootstrap'))`);
      if ((await em.count(Account, {})) > 0) return false;
      this.newAccount(em, fields);
      return true;
    });
  }

  async count(): Promise<number> {
    return this.orm.em.fork().count(Account, {});
  }

  /**
   * Applies a change under a row lock and bumps the session version (revoking the account's tokens).
   * `guard` sees the account and every active super-admin after the change and may refuse it.
   */
  update(id: string, change: AccountChange, guard: (after: Account, activeSuperAdmins: number) => void): Promise<Account> {
    return this.orm.em.fork().transactional(async (em) => {
      // Every super-admin row is locked, so two admins demoting each other cannot both succeed.
      await em.find(Account, { role: 'super-admin' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const account = /^[0-9a-f-]{36}$/i.test(id)
        ? await em.findOne(Account, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!account) throw notFound(id);
      Object.assign(account, change, {
        sessionVersion: account.sessionVersion + 1,
        updatedAt: new Date(),
      });
      await em.flush();
      const activeSuperAdmins = await em.count(Account, { role: 'super-admin', disabled: false });
      guard(account, activeSuperAdmins);
      return account;
    });
  }

  private newAccount(em: EntityManager, fields: NewAccount): Account {
    const now = new Date();
    return em.create(Account, {
      id: uuidv7(now.getTime()),
      ...fields,
      disabled: false,
      sessionVersion: 0,
      createdAt: now,
      updatedAt: now,
    });
  }
}
