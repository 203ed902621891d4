import type { AnomalyAlert, AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { readDeadLetters } from '@vigie/messaging';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startAnomaly } from '../app';

const KEY = 'CASH_anomaly-detectors';
const isDeadLetterAlert = (e: AnyEvent): e is AnyEvent & { data: AnomalyAlert } =>
  e.type.startsWith('anomaly.alert.') && (e.data as AnomalyAlert).ruleId === 'pipeline.dead-letter' && (e.data as AnomalyAlert).key === KEY;

describe('pipeline.dead-letter through the real DEADLETTER stream (NATS + Postgres)', () => {
  let env: TestEnvironment;
  let service: RunningService;

  beforeAll(async () => {
    env = await testEnvironment();
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await service?.stop();
    await env?.cleanup();
  });

  const publishBad = (n: number) => env.bus.js.publish(`${env.bus.topo.root}.cash.session.closed.site-1.reg-${n}`, JSON.stringify({ nope: n }));
  const alerts = async () => (await collectEvents(env.bus, 'ANOMALY')).map((f) => f.event).filter(isDeadLetterAlert);

  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > until) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('folds the dead letters of one consumer into one anomaly counted per message, resolved by an acknowledgement', async () => {
    for (let i = 1; i <= 3; i++) await publishBad(i);
    const { event: raised } = await waitForEvent(env.bus, 'ANOMALY', (e) => isDeadLetterAlert(e) && e.type === 'anomaly.alert.raised', {
      timeoutMs: 20_000,
    });
    const anomalyId = (raised.data as AnomalyAlert).anomalyId;
    expect(raised.data).toMatchObject({ severity: 'warning', details: { stream: 'CASH', durable: 'anomaly-detectors', kind: 'invalid' } });
    const row = await eventually(
      async () => (await fetch(`${service.url}/anomalies/${anomalyId}`)).json(),
      (r) => r.count === 3,
    );
    expect(row).toMatchObject({ status: 'open', count: 3, siteId: 'global' });
    // The evidence points at the records on DEADLETTER, which hold the detectors' own three refusals.
    const letters = await readDeadLetters(env.bus, { durable: 'anomaly-detectors' });
    expect(letters.filter((l) => l.stream.endsWith('_CASH'))).toHaveLength(3);
    expect(row.evidence.map((e: { stream: string }) => e.stream)).toEqual(['DEADLETTER', 'DEADLETTER', 'DEADLETTER']);

    const ack = await fetch(`${service.url}/anomalies/${anomalyId}/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'p-admin1' }),
    });
    expect(await ack.json()).toMatchObject({ status: 'resolved' });

    await publishBad(4);
    const { event: again } = await waitForEvent(
      env.bus,
      'ANOMALY',
      (e) => isDeadLetterAlert(e) && e.type === 'anomaly.alert.raised' && (e.data as AnomalyAlert).anomalyId !== anomalyId,
      { timeoutMs: 20_000 },
    );
    expect(again.data).toMatchObject({ count: 1 });
    const types = (await alerts()).map((e) => `${e.type}:${e.data.anomalyId === anomalyId ? 'first' : 'second'}`);
    expect(types).toEqual([
      'anomaly.alert.raised:first',
      'anomaly.alert.updated:first',
      'anomaly.alert.updated:first',
      'anomaly.alert.resolved:first',
      'anomaly.alert.raised:second',
    ]);
  });

  it('a dead letter stored twice (a re-published record) counts once', async () => {
    const before = await alerts();
    const [record] = (await readDeadLetters(env.bus, { durable: 'anomaly-detectors' })).filter((l) => l.stream.endsWith('_CASH')).slice(-1);
    const { deadLetterSeq: _seq, ...bytes } = record;
    await env.bus.js.publish(`${env.bus.topo.root}.deadletter.copy.again`, JSON.stringify(bytes), { msgID: `copy-${record.seq}` });
    await publishBad(5);
    const after = await eventually(alerts, (a) => a.length >= before.length + 1);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ type: 'anomaly.alert.updated', data: { count: 2 } });
  });
});
