import { MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { AuditLogEntry } from '@vigie/contracts';

export type AuditAction = 'events' | 'event' | 'replay';

export interface AuditRecord {
  accountId: string;
  action: AuditAction;
  stream?: string;
  from?: string;
  to?: string;
  details?: Record<string, unknown>;
  status: number;
}

interface Row {
  id: string;
  account_id: string;
  at: Date;
  action: string;
  stream: string | null;
  from: Date | null;
  to: Date | null;
  details: Record<string, unknown>;
  status: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** `gateway.audit_log`: the audit requests themselves. Account ids only, never a login or an e-mail. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly orm: MikroORM) {}

  async record(r: AuditRecord): Promise<void> {
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        'insert into "audit_log" ("account_id", "action", "stream", "from", "to", "details", "status") values (?, ?, ?, ?, ?, ?::jsonb, ?)',
        [r.accountId, r.action, r.stream ?? null, r.from ?? null, r.to ?? null, JSON.stringify(r.details ?? {}), r.status],
      );
  }

  /** Newest first; `before` pages on by id. */
  async list(limit: number, before?: number): Promise<AuditLogEntry[]> {
    const rows: Row[] = await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `select * from "audit_log" ${before ? 'where "id" < ?' : ''} order by "id" desc limit ?`,
        before ? [before, limit] : [limit],
      );
    return rows.map((r) => ({
      id: Number(r.id),
      accountId: r.account_id,
      at: new Date(r.at).toISOString(),
      action: r.action,
      stream: r.stream,
      from: iso(r.from),
      to: iso(r.to),
      details: r.details,
      status: r.status,
    }));
  }
}
