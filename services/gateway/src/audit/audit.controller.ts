import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { AuditEventParams, AuditEventsQuery, AuditLogQuery, ReplayRequest, type AuditEventLine, type AuditLogResponse } from '@vigie/contracts';
import { DomainError, parseBody, ZodQuery } from '@vigie/health';
import type { Response } from 'express';
import { CurrentAccount } from '../auth/api-auth.guard';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { AnomalyReplaysClient } from './anomaly-replays.client';
import { AuditLogRepository, type AuditRecord } from './audit-log.repository';
import { writeLine } from './ndjson';
import { ReadAuditEvents } from './read-audit-events.usecase';

const NDJSON = 'application/x-ndjson';
const CHUNK_CHARS = 64 * 1024;
const FLUSH_EVERY_MS = 250;

/** What a refused request asked for, cut short: the audit log keeps it without trusting it. */
function asked(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object') return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).slice(0, 10).map(([k, v]) => [k.slice(0, 32), preview(v)]));
}

/** A refused body may be anything, e.g. nested 100 000 deep: JSON.stringify would overflow the stack (a 500). */
function preview(value: unknown): string {
  try {
    return JSON.stringify(value ?? null).slice(0, 200);
  } catch {
    return '(not serialisable)';
  }
}

const statusOf = (e: unknown) => (e instanceof DomainError ? e.status : (e as { getStatus?: () => number }).getStatus?.() ?? 500);

/**
 * The audit API (any admin): the stored events of a time range as NDJSON, one stored event, replays of
 * the detectors (run by the anomaly service), and the log of these requests. Every request but the
 * log's own reading is recorded in `audit_log`, refused ones too.
 */
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly reader: ReadAuditEvents,
    private readonly log: AuditLogRepository,
    private readonly replays: AnomalyReplaysClient,
  ) {}

  @Get('events')
  async events(@Query() raw: unknown, @CurrentAccount() caller: AuthenticatedAccount, @Res() res: Response): Promise<void> {
    const record: AuditRecord = { accountId: caller.accountId, action: 'events', status: 200 };
    let query: AuditEventsQuery;
    try {
      query = parseBody(AuditEventsQuery, raw, 'query');
      this.reader.filterOf(query);
    } catch (e) {
      await this.log.record({ ...record, details: asked(raw), status: statusOf(e) });
      throw e;
    }
    const { stream, from, to, ...details } = query;
    await this.log.record({ ...record, stream, from, to, details });
    res.status(200).setHeader('content-type', `${NDJSON}; charset=utf-8`);
    res.setHeader('cache-control', 'no-store');
    // Lines leave in chunks of up to 64 kB, or sooner when 250 ms passed since the last (sparse ranges).
    let chunk = '';
    let flushedAt = Date.now();
    const flush = async () => {
      const ok = chunk === '' || (await writeLine(res, Buffer.from(chunk)));
      chunk = '';
      flushedAt = Date.now();
      return ok;
    };
    try {
      for await (const line of this.reader.lines(query)) {
        chunk += `${JSON.stringify(line)}\n`;
        if ((chunk.length >= CHUNK_CHARS || Date.now() - flushedAt >= FLUSH_EVERY_MS) && !(await flush())) return;
      }
      if (!(await flush())) return;
    } catch (e) {
      if (!(await flush())) return;
      const error = e instanceof DomainError ? { code: e.code, message: e.message } : { code: 'internal', message: 'internal error' };
      await writeLine(res, { error });
    }
    res.end();
  }

  @Get('events/:stream/:seq')
  async event(@Param() raw: unknown, @CurrentAccount() caller: AuthenticatedAccount): Promise<AuditEventLine> {
    const record: AuditRecord = { accountId: caller.accountId, action: 'event', status: 200 };
    try {
      const { stream, seq } = parseBody(AuditEventParams, raw, 'params');
      record.stream = stream;
      record.details = { seq };
      return await this.reader.one(stream, seq);
    } catch (e) {
      record.status = statusOf(e);
      if (!record.details) record.details = asked(raw);
      throw e;
    } finally {
      await this.log.record(record);
    }
  }

  @Post('replays')
  @HttpCode(200)
  async replay(
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
    @CurrentAccount() caller: AuthenticatedAccount,
    @Res() res: Response,
  ): Promise<void> {
    const record: AuditRecord = { accountId: caller.accountId, action: 'replay', status: 200 };
    let upstream: globalThis.Response;
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort();
    });
    try {
      const request = parseBody(ReplayRequest, body);
      const { from, to, ...details } = request;
      Object.assign(record, { from, to, details });
      upstream = await this.replays.start(request, accept?.includes(NDJSON) ? NDJSON : 'application/json', cancel.signal);
    } catch (e) {
      record.status = statusOf(e);
      if (!record.details) record.details = asked(body);
      throw e;
    } finally {
      await this.log.record(record);
    }
    res.status(200).setHeader('content-type', upstream.headers.get('content-type') ?? 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.flushHeaders();
    try {
      const reader = upstream.body?.getReader();
      for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
        if (!(await writeLine(res, r.value))) return;
      }
    } catch {
      // The anomaly service went away mid-answer: the body ends short, without a result line.
    }
    res.end();
  }

  @Get('log')
  async list(@ZodQuery(AuditLogQuery) query: AuditLogQuery): Promise<AuditLogResponse> {
    return { items: await this.log.list(query.limit, query.before) };
  }
}
