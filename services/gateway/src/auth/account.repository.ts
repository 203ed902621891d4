import { LockMode, raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { uuidv7, type AccountRole } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { AccountChange } from './account-change.entity';
import { Account } from './account.entity';

export interface NewAccount {
  login: string;
  role: AccountRole;
  passwordHash: string;
}

export interface AccountEdit {
  role?: AccountRole;
  disabled?: boolean;
  passwordHash?: string;
}

/** Who asks for a change (an account id), and whether a password change is their own or a reset. */
export interface ChangeAuthor {
  actorId: string;
  passwordAction?: 'password-reset' | 'password-changed';
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

  /** 409 `account.login-taken` when the name exists. The creation is recorded in the audit trail. */
  async create(fields: NewAccount, actorId: string): Promise<Account> {
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const account = this.newAccount(em, fields);
        this.record(em, actorId, account, 'created', account.role);
        await em.flush();
        return account;
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new DomainError('account.login-taken', 'an account with this login already exists', 409);
      }
      throw e;
    }
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
   * Applies a change under a row lock, records it in the audit trail and bumps the session version
   * (revoking the account's tokens). `guard` sees the account and every active super-admin after the
   * change and may refuse it (then nothing is written).
   */
  update(
    id: string,
    change: AccountEdit,
    author: ChangeAuthor,
    guard: (after: Account, activeSuperAdmins: number) => void = () => undefined,
  ): Promise<Account> {
    return this.orm.em.fork().transactional(async (em) => {
      // Every super-admin row is locked, so two admins demoting each other cannot both succeed.
      await em.find(Account, { role: 'super-admin' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const account = /^[0-9a-f-]{36}$/i.test(id)
        ? await em.findOne(Account, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!account) throw notFound(id);
      if (change.role !== undefined && change.role !== account.role) this.record(em, author.actorId, account, 'role-changed', change.role);
      if (change.disabled !== undefined && change.disabled !== account.disabled) {
        this.record(em, author.actorId, account, change.disabled ? 'disabled' : 'enabled');
      }
      if (change.passwordHash !== undefined) this.record(em, author.actorId, account, author.passwordAction ?? 'password-reset');
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

  /** Ends every session of the account (logout): its tokens stop being accepted. */
  async revokeSessions(id: string): Promise<void> {
    await this.orm.em
      .fork()
      .nativeUpdate(Account, { id }, { sessionVersion: raw('session_version + 1') as unknown as number, updatedAt: new Date() });
  }

  /** The audit trail, newest first. */
  async changes(limit: number): Promise<AccountChange[]> {
    const em = this.orm.em.fork();
    // `seq` (bigserial) keeps the order of changes made within one millisecond; the entity does not map it.
    const rows = await em.execute<{ id: string }[]>(`select "id" from "account_change" order by "seq" desc limit ?`, [limit]);
    const byId = new Map((await em.find(AccountChange, { id: { $in: rows.map((r) => r.id) } })).map((c) => [c.id, c]));
    return rows.map((r) => byId.get(r.id)!);
  }

  private record(em: EntityManager, actorId: string, account: Account, action: AccountChange['action'], role?: AccountRole): void {
    const at = new Date();
    em.create(AccountChange, { id: uuidv7(at.getTime()), at, actorId, accountId: account.id, action, role: role ?? null });
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
