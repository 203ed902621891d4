import { startAnomaly } from '@vigie/anomaly';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { Clock, startReporting } from '@vigie/reporting';
import { cashSessionClosed, collectEvents, LocalSmtpServer, randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { Client } from 'pg';
import { lostAndDuplicated, reportScenario } from './support/report';
import { TcpProxy } from './support/tcp-proxy';
import { until } from './support/wait';

const WEEKLY = 'reporting.generate-weekly-report';
/** Monday 30 March 2026, 08:01 in Paris: the report of week 13 is due (and runs at boot). */
const MONDAY_AFTER_W13 = '2026-03-30T06:01:00.000Z';
const WEEK = '2026-W13';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.at);
  }
}

/**
 * The weekly report comes due while the SMTP server is unreachable (connections refused), then while it
 * answers 421 to every connection, then it is back. The report is generated once, its e-mail stays pending
 * through the failed runs (each recorded as failed, a retry scheduled), and is sent exactly once.
 */
describe('SMTP down during the weekly report', () => {
  let env: TestEnvironment;
  let smtp: LocalSmtpServer;
  let proxy: TcpProxy;
  let anomaly: RunningService | undefined;
  let reporting: RunningService | undefined;
  let db: Client;
  const tag = randomToken(5);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reliability-smtp-down' });
    smtp = await LocalSmtpServer.start();
    proxy = await TcpProxy.start('127.0.0.1', smtp.port);
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    const publisher = new EventPublisher(env.bus);
    for (let i = 0; i < 20; i++) {
      const short = i % 10 === 0;
      await publisher.publish(
        cashSessionClosed(
          { registerId: `reg-${tag}-${i % 4}`, sessionId: `sess-${tag}-${i}`, openingAmount: 100, cashSales: 20, countedCash: short ? 90 : 120, ...(short ? { comment: 'manque' } : {}) },
          { siteId: 'site-smtp', occurredAt: new Date(Date.parse('2026-03-23T09:00:00Z') + i * 3600_000) },
        ),
      );
    }
    anomaly = await startAnomaly({ ...env.env, HOST: '127.0.0.1', ANOMALY_PORT: '0', LOG_LEVEL: 'error' });
  }, 120_000);

  afterAll(async () => {
    await reporting?.stop().catch(() => undefined);
    await anomaly?.stop().catch(() => undefined);
    await proxy?.stop().catch(() => undefined);
    await smtp?.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await env?.cleanup();
  }, 60_000);

  const sql = async <T>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
  const runs = () =>
    sql<{ outcome: string; error: string | null }>(`select outcome, error from reporting.job_run where job_name = $1 and outcome <> 'running' order by id`, [WEEKLY]);
  const runNow = async () => {
    const res = await fetch(`${reporting!.url}/jobs/${WEEKLY}/run`, { method: 'POST' });
    expect(res.status).toBe(202);
  };
  const finishedRuns = async (n: number) => until(`${n} finished run(s) of the weekly job`, 60_000, async () => ((await runs()).length >= n ? runs() : undefined), 200);

  it('retries the report e-mail until SMTP is back, and sends it exactly once', async () => {
    const started = Date.now();
    proxy.cut();
    reporting = await startReporting(
      {
        ...env.env,
        HOST: '127.0.0.1',
        REPORTING_PORT: '0',
        LOG_LEVEL: 'error',
        ANOMALY_URL: anomaly!.url,
        SMTP_URL: `smtp://127.0.0.1:${proxy.port}`,
        REPORT_EMAIL_TO: 'admin@ressourcerie.test',
        AGENDA_LOCK_LIFETIME_MS: '2000',
        AGENDA_PROCESS_EVERY_MS: '300',
        REPORT_PROJECTION_WAIT_MS: '20000',
        REPORTING_OUTBOX_INTERVAL_MS: '200',
      },
      { clock: new FixedClock(new Date(MONDAY_AFTER_W13)) },
    );

    // 1. The run at boot: the report is generated, the SMTP server refuses connections.
    const [refused] = await finishedRuns(1);
    expect(refused.outcome).toBe('failed');
    expect(refused.error).toMatch(new RegExp(`^report\\(s\\) ${WEEK} generated, e-mail not sent`));
    const jobs = (await (await fetch(`${reporting.url}/jobs`)).json()) as { items: { name: string; status: string; nextRunAt: string }[] };
    const weekly = jobs.items.find((j) => j.name === WEEKLY)!;
    expect(weekly.status).toBe('failed');
    // The retry (Agenda backoff, 5 min) comes before the next Monday.
    expect(Date.parse(weekly.nextRunAt)).toBeLessThan(Date.now() + 6 * 60_000);

    // 2. The next run (standing in for that retry, which is 5 min away): the server answers 421.
    proxy.restore();
    smtp.setDown(true);
    await runNow();
    const [, unavailable] = await finishedRuns(2);
    expect(unavailable.outcome).toBe('failed');
    expect(unavailable.error).toMatch(/421/);

    // 3. SMTP back: the e-mail goes; 4. a run after it sends nothing again.
    smtp.setDown(false);
    await runNow();
    const [, , sent] = await finishedRuns(3);
    expect(sent.outcome).toBe('succeeded');
    await runNow();
    const [, , , after] = await finishedRuns(4);
    expect(after.outcome).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 1000));

    const reports = (await sql<{ iso_week: string }>(`select iso_week from reporting.weekly_report order by iso_week`)).map((r) => r.iso_week);
    const deliveries = await sql<{ iso_week: string; status: string; attempts: number }>(
      `select iso_week, status, attempts from reporting.report_delivery where channel = 'email' order by id`,
    );
    const mails = smtp.messages().map((m) => /semaine (\S+)/.exec(m.subject)?.[1] ?? m.subject);
    const generated = (await collectEvents(env.bus, 'REPORT'))
      .filter((f) => f.event.type === 'report.weekly.generated')
      .map((f) => (f.event.type === 'report.weekly.generated' ? f.event.data.isoWeek : ''));
    const mailed = lostAndDuplicated([WEEK], mails);
    const events = lostAndDuplicated([WEEK], generated);
    reportScenario('smtp-down-weekly-report', {
      in: reports.length,
      out: mailed.out,
      lost: mailed.lost + events.lost,
      duplicated: mailed.duplicated + events.duplicated,
      extra: {
        runs: (await runs()).map((r) => r.outcome).join(','),
        attempts: deliveries.map((d) => d.attempts).join(','),
        mails: mails.length,
        seconds: Math.round((Date.now() - started) / 1000),
      },
    });
    expect(reports).toEqual([WEEK]);
    expect(deliveries).toEqual([{ iso_week: WEEK, status: 'sent', attempts: 3 }]);
    expect(mailed).toEqual({ out: 1, lost: 0, duplicated: 0 });
    expect(mails).toEqual([WEEK]);
    expect(events).toEqual({ out: 1, lost: 0, duplicated: 0 });
  }, 240_000);
});
