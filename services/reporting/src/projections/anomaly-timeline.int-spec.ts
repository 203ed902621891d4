import { createEvent, type AnomalyAlert, type AnomalyEventType } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { Client } from 'pg';
import { startReporting } from '../app';
import { ProjectAnomalyTimeline } from './project-anomaly-timeline.usecase';

const alert = (type: AnomalyEventType, anomalyId: string, occurredAt: string, extra: Partial<AnomalyAlert> = {}) =>
  createEvent(
    type,
    {
      anomalyId,
      ruleId: 'sync.consecutive-failures',
      ruleVersion: 1,
      severity: 'warning',
      key: 'compta',
      title: 'Échecs',
      summary: '',
      evidence: [],
      details: {},
      firstSeenAt: '2026-03-24T04:01:00.000Z',
      ...extra,
    },
    { source: 'anomaly', siteId: 'site-1', occurredAt },
  );

describe('anomaly_timeline projection (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let service: RunningService;
  let db: Client;

  const rows = async () =>
    (
      await db.query(
        `select anomaly_id, rule_id, site_id, severity, raised_at, raised_day::text, acknowledged_at, acknowledged_day::text, resolved_at, resolved_day::text
           from reporting.anomaly_timeline order by anomaly_id`,
      )
    ).rows;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reporting-timeline-test' });
    // No anomaly service here: the weekly job at boot fails fast, which this test does not look at.
    service = await startReporting({
      ...env.env,
      REPORTING_PORT: '0',
      LOG_LEVEL: 'error',
      ANOMALY_URL: 'http://127.0.0.1:9',
      REPORT_PROJECTION_WAIT_MS: '0',
      // Agenda leaves a timer of max(processEvery, lock lifetime) / 2 behind each run: keep both small.
      AGENDA_LOCK_LIFETIME_MS: '1000',
      AGENDA_PROCESS_EVERY_MS: '300',
    });
    db = new Client({ connectionString: env.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await service?.stop();
    await db?.end();
    await env?.cleanup();
  });

  const events = [
    alert('anomaly.alert.raised', 'anm-a', '2026-03-24T04:01:00.000Z'),
    alert('anomaly.alert.acknowledged', 'anm-a', '2026-03-24T05:00:00.000Z', { by: 'p-admin' }),
    alert('anomaly.alert.resolved', 'anm-a', '2026-03-24T06:02:00.000Z', { resolvedAt: '2026-03-24T06:02:00.000Z', durationMs: 7_260_000 }),
  ];

  it('folds the ANOMALY stream, and the same events delivered again change nothing', async () => {
    const publisher = new EventPublisher(env.bus);
    for (const e of events) await publisher.publish(e);
    const deadline = Date.now() + 15_000;
    while ((await rows())[0]?.resolved_day !== '2026-03-24') {
      if (Date.now() > deadline) throw new Error(`timeline not projected: ${JSON.stringify(await rows())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const once = await rows();
    expect(once).toEqual([
      {
        anomaly_id: 'anm-a',
        rule_id: 'sync.consecutive-failures',
        site_id: 'site-1',
        severity: 'warning',
        raised_at: new Date('2026-03-24T04:01:00.000Z'),
        raised_day: '2026-03-24',
        acknowledged_at: new Date('2026-03-24T05:00:00.000Z'),
        acknowledged_day: '2026-03-24',
        resolved_at: new Date('2026-03-24T06:02:00.000Z'),
        resolved_day: '2026-03-24',
      },
    ]);

    const project = service.app.get(ProjectAnomalyTimeline);
    for (const e of events) expect(await project.execute(e)).toBe(false);
    for (const e of [...events].reverse()) expect(await project.execute(e)).toBe(false);
    expect(await rows()).toEqual(once);
  });

  it('two instances meeting a new anomaly at once store it once (the loser is retried and finds it)', async () => {
    const project = service.app.get(ProjectAnomalyTimeline);
    const raised = alert('anomaly.alert.raised', 'anm-b', '2026-03-25T10:00:00.000Z');
    const outcomes = await Promise.allSettled([project.execute(raised), project.execute(raised)]);
    expect(outcomes.some((o) => o.status === 'fulfilled' && o.value)).toBe(true);
    expect(await project.execute(raised)).toBe(false);
    expect((await rows()).map((r) => r.anomaly_id)).toEqual(['anm-a', 'anm-b']);
  });
});
