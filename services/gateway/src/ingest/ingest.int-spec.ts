import { createEvent, type AnyEvent, type StreamId } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher, provisionStreams } from '@vigie/messaging';
import { cashSessionClosed, collectEvents, makeEvent, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { startGateway } from '../app';
import { authEnv } from '../auth/int-spec-support';
import type { IngestResponse } from './ingest-result';

const TOKEN = 'recyclic-backend-token-0123456789';
const OTHER_TOKEN = 'second-token-for-rotation-abcdef';

interface ErrorBody {
  error: { code: string; message: string };
}

/** Events as the Recyclic backend would send them: plain JSON. */
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function closedAt(siteId: string, registerId: string, countedCash = 150) {
  return json(cashSessionClosed({ registerId, openingAmount: 100, cashSales: 50, countedCash }, { siteId }));
}

describe('POST /api/events', () => {
  let env: TestEnvironment;
  let gateway: RunningService;

  async function post<T = IngestResponse>(
    body: unknown,
    opts: { token?: string | null; url?: string } = {},
  ): Promise<{ status: number; body: T }> {
    const token = opts.token === undefined ? TOKEN : opts.token;
    const res = await fetch(`${opts.url ?? gateway.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function stored(stream: StreamId, siteId: string): Promise<{ event: AnyEvent; seq: number }[]> {
    return (await collectEvents(env.bus, stream)).filter((f) => f.event.siteId === siteId);
  }

  async function ingestCounter(status: string): Promise<number> {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('vigie_ingest_events_total{') && l.includes(`status="${status}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  const cash = () => env.bus.topo.streamName('CASH');

  beforeAll(async () => {
    env = await testEnvironment({ name: 'ingest-test' });
    gateway = await startGateway({
      ...env.env,
      ...authEnv(),
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'error',
      INGEST_TOKENS: `${TOKEN}, ${OTHER_TOKEN}`,
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await env?.cleanup();
  });

  it('stores one envelope on the stream of its type and says where', async () => {
    const event = closedAt('site-one', 'reg-1');
    const { status, body } = await post(event);

    expect(status).toBe(200);
    expect(body).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      results: [{ index: 0, id: event.id, status: 'accepted', stream: cash(), seq: expect.any(Number) }],
    });
    expect(await stored('CASH', 'site-one')).toEqual([{ event, seq: body.results[0].seq, subject: expect.any(String) }]);
  });

  it('a batch posted again, even after the stream forgot its ids, is stored once and answered duplicate', async () => {
    const batch = [
      json(makeEvent('cash.session.opened', { registerId: 'reg-2' }, { siteId: 'site-twice' })),
      closedAt('site-twice', 'reg-2'),
      json(makeEvent('sync.run.failed', {}, { siteId: 'site-twice' })),
    ];
    const first = await post({ events: batch });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(first.body.results.map((r) => r.stream)).toEqual([cash(), cash(), env.bus.topo.streamName('SYNC')]);

    const again = await post({ events: batch });
    const asDuplicates = first.body.results.map((r) => ({ ...r, status: 'duplicate' }));
    expect(again).toEqual({ status: 200, body: { accepted: 0, duplicates: 3, rejected: 0, results: asDuplicates } });

    // JetStream dedupes msg ids for its duplicate window only (2 min); shrink it so it forgets them.
    const probe = closedAt('site-probe', 'reg-2');
    const publisher = new EventPublisher(env.bus);
    await publisher.publish(probe);
    const info = await env.bus.jsm.streams.info(cash());
    await env.bus.jsm.streams.update(cash(), { ...info.config, duplicate_window: 100_000_000 });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect((await publisher.publish(probe)).duplicate).toBe(false);
      const later = await post({ events: batch });
      expect(later).toEqual({ status: 200, body: { accepted: 0, duplicates: 3, rejected: 0, results: asDuplicates } });
    } finally {
      await env.bus.jsm.streams.update(cash(), info.config);
    }

    const onCash = await stored('CASH', 'site-twice');
    expect(onCash.map((f) => [f.event.id, f.seq])).toEqual([
      [batch[0].id, first.body.results[0].seq],
      [batch[1].id, first.body.results[1].seq],
    ]);
    expect((await stored('SYNC', 'site-twice')).map((f) => f.event.id)).toEqual([batch[2].id]);
  });

  it('an id repeated inside one batch is stored once', async () => {
    const event = closedAt('site-repeat', 'reg-3');
    const { status, body } = await post({ events: [event, event] });
    expect(status).toBe(200);
    expect(body.results.map((r) => [r.status, r.seq])).toEqual([
      ['accepted', body.results[0].seq],
      ['duplicate', body.results[0].seq],
    ]);
    expect(await stored('CASH', 'site-repeat')).toHaveLength(1);
  });

  it('a batch with one bad event stores the others in order and names the problem → 207', async () => {
    const bad = closedAt('site-mixed', 'reg-4');
    bad.data.variance = -12.5;
    const batch = [closedAt('site-mixed', 'reg-4', 140), bad, closedAt('site-mixed', 'reg-4', 160)];
    const before = { accepted: await ingestCounter('accepted'), rejected: await ingestCounter('rejected') };

    const { status, body } = await post({ events: batch });

    expect(status).toBe(207);
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(body.results[1]).toEqual({
      index: 1,
      id: bad.id,
      status: 'rejected',
      error: {
        code: 'contract.invalid',
        message: expect.stringContaining('data.variance: must equal countedCash - expectedCash'),
      },
    });
    expect([body.results[0].status, body.results[2].status]).toEqual(['accepted', 'accepted']);
    expect(body.results[2].seq).toBeGreaterThan(body.results[0].seq!);
    expect((await stored('CASH', 'site-mixed')).map((f) => f.event.id)).toEqual([batch[0].id, batch[2].id]);
    expect(await ingestCounter('accepted')).toBe(before.accepted + 2);
    expect(await ingestCounter('rejected')).toBe(before.rejected + 1);
  });

  it('refuses events of Vigie-owned types (ingest.forbidden-type) and stores nothing of them', async () => {
    const alert = json(
      createEvent(
        'anomaly.alert.raised',
        {
          anomalyId: 'an-forged',
          ruleId: 'cash.variance',
          ruleVersion: 1,
          severity: 'critical',
          key: 'reg-1',
          title: 'Forged',
          summary: 'Forged',
          evidence: [],
          details: {},
        },
        { source: 'anomaly', siteId: 'site-forged' },
      ),
    );
    const { status, body } = await post(alert);

    expect(status).toBe(400);
    expect(body.results).toEqual([
      {
        index: 0,
        id: alert.id,
        status: 'rejected',
        error: { code: 'ingest.forbidden-type', message: expect.stringContaining('anomaly.alert.raised') },
      },
    ]);
    expect(await stored('ANOMALY', 'site-forged')).toEqual([]);
  });

  it('401 auth.unauthorized without a token or with a wrong one, before reading the body', async () => {
    const event = closedAt('site-auth', 'reg-5');
    for (const token of [null, 'not-the-configured-token-at-all', TOKEN.slice(0, -1)]) {
      const { status, body } = await post<ErrorBody>(event, { token });
      expect([status, body.error.code]).toEqual([401, 'auth.unauthorized']);
    }
    const huge = await post<ErrorBody>({ events: ['x'.repeat(3 * 1024 * 1024)] }, { token: 'wrong-token-wrong-token' });
    expect([huge.status, huge.body.error.code]).toEqual([401, 'auth.unauthorized']);
    expect(await stored('CASH', 'site-auth')).toEqual([]);

    expect((await post(event, { token: OTHER_TOKEN })).status).toBe(200);
  });

  it('503 ingest.disabled when no token is configured', async () => {
    const disabled = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'error' });
    try {
      const { status, body } = await post<ErrorBody>(closedAt('site-off', 'reg-6'), { url: disabled.url });
      expect(status).toBe(503);
      expect(body.error.code).toBe('ingest.disabled');
    } finally {
      await disabled.stop();
    }
    expect(await stored('CASH', 'site-off')).toEqual([]);
  });

  it('refuses 1001 events with 413 ingest.batch-too-large, storing none', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => closedAt('site-1001', `reg-${i % 10}`));
    const { status, body } = await post<ErrorBody>({ events });
    expect(status).toBe(413);
    expect(body.error).toEqual({ code: 'ingest.batch-too-large', message: expect.stringContaining('1000') });
    expect(await stored('CASH', 'site-1001')).toEqual([]);
  });

  it('stores a 1000-event batch (beyond the app-wide 256 kB body limit) in batch order', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => closedAt('site-1000', `reg-${i % 10}`, 140 + (i % 20)));
    const text = JSON.stringify({ events });
    expect(text.length).toBeGreaterThan(256 * 1024);

    const { status, body } = await post(text);

    expect(status).toBe(200);
    expect([body.accepted, body.duplicates, body.rejected]).toEqual([1000, 0, 0]);
    const seqs = body.results.map((r) => r.seq!);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1])).toBe(true);
    const onCash = await stored('CASH', 'site-1000');
    expect(onCash.map((f) => f.event.id)).toEqual(events.map((e) => e.id));
    expect(onCash.map((f) => f.seq)).toEqual(seqs);
  });

  it('answers 413 request.too-large above 2 MB; every other route keeps the 256 kB limit', async () => {
    const oversized = await post<ErrorBody>({ events: [{ padding: 'x'.repeat(2 * 1024 * 1024) }] });
    expect([oversized.status, oversized.body.error.code]).toEqual([413, 'request.too-large']);

    const elsewhere = await fetch(`${gateway.url}/api/anomalies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
    });
    expect(elsewhere.status).toBe(413);
    expect(((await elsewhere.json()) as ErrorBody).error.code).toBe('request.too-large');
  });

  it.each([
    ['malformed JSON', '{"events": [', 'request.malformed-json'],
    ['a JSON array', '[]', 'ingest.invalid-body'],
    ['an empty batch', '{"events": []}', 'ingest.invalid-body'],
  ])('400 on %s', async (_what, text, code) => {
    const { status, body } = await post<ErrorBody>(text);
    expect([status, body.error.code]).toEqual([400, code]);
  });

  it('an object that is not an envelope is one rejected event naming its missing fields → 400', async () => {
    const { status, body } = await post({ hello: 'world' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ accepted: 0, duplicates: 0, rejected: 1 });
    expect(body.results[0].error?.message).toMatch(/id: .*type: .*hello/);
  });

  it('a publish failing midway → 503 ingest.unavailable, nothing after it; the retried batch completes', async () => {
    const sync = (runId: string) => json(makeEvent('sync.run.started', { runId }, { siteId: 'site-outage' }));
    const batch = [sync('run-1'), closedAt('site-outage', 'reg-7'), sync('run-2')];
    await env.bus.jsm.streams.delete(cash());
    let failed: { status: number; body: ErrorBody };
    try {
      failed = await post<ErrorBody>({ events: batch });
    } finally {
      await provisionStreams(env.bus, ['CASH']);
    }
    expect(failed.status).toBe(503);
    expect(failed.body.error).toEqual({
      code: 'ingest.unavailable',
      message: expect.stringContaining(`event 1 (${batch[1].id})`),
    });
    expect((await stored('SYNC', 'site-outage')).map((f) => f.event.id)).toEqual([batch[0].id]);

    const retried = await post({ events: batch });
    expect(retried.status).toBe(200);
    expect(retried.body.results.map((r) => r.status)).toEqual(['duplicate', 'accepted', 'accepted']);
    expect((await stored('SYNC', 'site-outage')).map((f) => f.event.id)).toEqual([batch[0].id, batch[2].id]);
    expect((await stored('CASH', 'site-outage')).map((f) => f.event.id)).toEqual([batch[1].id]);
  });
});
