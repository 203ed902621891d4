import { eventSubject, type AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher, readDeadLetters } from '@vigie/messaging';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startAnomaly } from './app';
import { sessionClosed } from './test-support';

const closing = (registerId: string, variance: number) =>
  sessionClosed({ sessionId: `sess-${registerId}-${Math.random().toString(36).slice(2, 8)}`, registerId, variance });

const raisedFor = (closed: AnyEvent) => (e: AnyEvent) =>
  e.type === 'anomaly.alert.raised' && e.data.evidence.some((ev) => ev.eventId === closed.id);

describe('anomaly service (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let service: RunningService;
  let publisher: EventPublisher;

  beforeAll(async () => {
    env = await testEnvironment();
    publisher = new EventPublisher(env.bus);
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await service?.stop();
    await env?.cleanup();
  });

  async function anomalies() {
    return (await collectEvents(env.bus, 'ANOMALY')).filter((e) => e.event?.type === 'anomaly.alert.raised');
  }

  it('raises one warning for a 15.00 € shortfall, with its evidence and a deterministic id', async () => {
    const closed = closing('reg-a', -15);
    const { seq } = await publisher.publish(closed);
    const { event } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(closed));
    expect(event.type).toBe('anomaly.alert.raised');
    expect(event.data).toMatchObject({
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      key: closed.data.sessionId,
      evidence: [{ stream: 'CASH', seq, eventId: closed.id }],
    });
    expect(event.occurredAt).toBe(closed.occurredAt);
    expect(event.causationId).toBe(closed.id);
    if (event.type !== 'anomaly.alert.raised') throw new Error('expected a raised anomaly');
    const res = await fetch(`${service.url}/anomalies/${event.data.anomalyId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'open', severity: 'warning', count: 1 });
  });

  it('raises nothing for exactly 10.00 € and a critical one above 50.00 €', async () => {
    const tolerated = closing('reg-b', -10);
    const critical = closing('reg-b2', -50.01);
    await publisher.publish(tolerated);
    await publisher.publish(critical);
    const { event } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(critical));
    expect(event.data).toMatchObject({ severity: 'critical' });
    // Consumed in stream order: the tolerated closing was handled before the critical one.
    expect((await anomalies()).filter((a) => raisedFor(tolerated)(a.event!))).toHaveLength(0);
  });

  it('never raises twice for a redelivered event', async () => {
    const closed = closing('reg-c', -20);
    await publisher.publish(closed);
    await waitForEvent(env.bus, 'ANOMALY', raisedFor(closed));
    // The same bytes again under another Nats-Msg-Id: what a redelivery or a replay looks like.
    await env.bus.js.publish(eventSubject(env.bus.topo, closed), JSON.stringify(closed), { msgID: 'again-' + closed.id });
    const sentinel = closing('reg-c2', -30);
    await publisher.publish(sentinel);
    await waitForEvent(env.bus, 'ANOMALY', raisedFor(sentinel));
    expect((await anomalies()).filter((a) => raisedFor(closed)(a.event!))).toHaveLength(1);
  });

  it('dead-letters a malformed CASH event with its reason and keeps consuming', async () => {
    const bad = { ...closing('reg-d', -15), data: { registerId: 'reg-d', variance: 'lots' } };
    await env.bus.js.publish(`${env.bus.topo.root}.cash.session.closed.site-1.reg-d`, JSON.stringify(bad));
    await env.bus.js.publish(`${env.bus.topo.root}.cash.session.closed.site-1.reg-d`, new Uint8Array([0xff, 0x00]));
    const after = closing('reg-d2', -12);
    await publisher.publish(after);
    await waitForEvent(env.bus, 'ANOMALY', raisedFor(after));
    const letters = await readDeadLetters(env.bus, { durable: 'anomaly-detectors' });
    expect(letters.map((l) => l.kind)).toEqual(['invalid', 'invalid']);
    expect(letters[0].reason).toContain('data.variance');
    expect(letters[1].reason).toContain('UTF-8');
  });

  it('after a restart, resumes where it stopped without missing or repeating an anomaly', async () => {
    await service.stop();
    const whileDown = closing('reg-e', -60);
    await publisher.publish(whileDown);
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn' });
    const { event } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(whileDown));
    expect(event.type === 'anomaly.alert.raised' && event.data.severity).toBe('critical');
    const raised = await anomalies();
    const ids = raised.map((a) => a.event!.type === 'anomaly.alert.raised' && a.event!.data.anomalyId);
    expect(new Set(ids).size).toBe(ids.length);
    const list = await (await fetch(`${service.url}/anomalies?limit=100`)).json();
    expect(list.total).toBe(ids.length);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  });

  it('lets an admin acknowledge, silence and resolve, each announced once on ANOMALY', async () => {
    const closed = closing('reg-f', -25);
    await publisher.publish(closed);
    const { event } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(closed));
    if (event.type !== 'anomaly.alert.raised') throw new Error('expected a raised anomaly');
    const id = event.data.anomalyId;
    const act = (action: string, body: unknown) =>
      fetch(`${service.url}/anomalies/${id}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await act('acknowledge', { by: 'p-admin1', reason: 'vu' })).status).toBe(200);
    expect((await act('acknowledge', { by: 'p-admin1' })).status).toBe(200);
    const silenced = await act('silence', { by: 'p-admin1', durationMinutes: 60 });
    expect(await silenced.json()).toMatchObject({ status: 'silenced' });
    expect((await act('resolve', { by: 'p-admin1' })).status).toBe(200);
    const late = await act('acknowledge', { by: 'p-admin1' });
    expect(late.status).toBe(409);
    expect((await late.json()).error.code).toBe('anomaly.already-resolved');
    expect((await act('silence', { by: 'Jean Dupont', durationMinutes: 0 })).status).toBe(400);
    expect((await fetch(`${service.url}/anomalies/anm-nope/acknowledge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"p-1"}' })).status).toBe(404);

    await waitForEvent(env.bus, 'ANOMALY', (e) => e.type === 'anomaly.alert.resolved' && e.data.anomalyId === id);
    const lifecycle = (await collectEvents(env.bus, 'ANOMALY'))
      .filter((f) => f.event.type.startsWith('anomaly.alert.') && (f.event.data as { anomalyId: string }).anomalyId === id)
      .map((f) => f.event.type);
    expect(lifecycle).toEqual(['anomaly.alert.raised', 'anomaly.alert.acknowledged', 'anomaly.alert.silenced', 'anomaly.alert.resolved']);
  });

  it('applies a register-specific threshold set through PUT /rules, recording the new rule version', async () => {
    const put = (ruleId: string, body: unknown) =>
      fetch(`${service.url}/rules/${ruleId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const res = await put('cash.variance', { scope: { subject: 'reg-strict' }, params: { warningAbove: 5 }, by: 'p-admin1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ruleId: 'cash.variance', version: 2, overrides: [{ scope: { subject: 'reg-strict' }, params: { warningAbove: 5 } }] });

    const strict = closing('reg-strict', -6);
    const lenient = closing('reg-lenient', -6);
    await publisher.publish(lenient);
    await publisher.publish(strict);
    const { event } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(strict));
    expect(event.type === 'anomaly.alert.raised' && event.data.ruleVersion).toBe(2);
    expect((await anomalies()).filter((a) => raisedFor(lenient)(a.event))).toHaveLength(0);

    const bad = await put('cash.variance', { params: { warningabove: 5, criticalAbove: -1 }, by: 'p-admin1' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/warningabove.*criticalAbove/);
    expect((await put('cash.nope', { enabled: false, by: 'p-admin1' })).status).toBe(404);
    expect((await put('cash.variance', { by: 'p-admin1' })).status).toBe(400);
    const removed = await fetch(`${service.url}/rules/cash.variance/overrides?subject=reg-strict`, { method: 'DELETE' });
    expect(await removed.json()).toMatchObject({ version: 3, overrides: [] });
  });

  it('answers 400 with every bad query field', async () => {
    const res = await fetch(`${service.url}/anomalies?severity=loud&limit=0`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.message).toContain('severity');
    expect(body.error.message).toContain('limit');
  });
});
