import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeService, SECRET_IN_CHECK_MESSAGE } from '../test-support/fake-service';
import { probeOnce, probeTarget } from './http-probe';

const OPTIONS = { timeoutMs: 300, retryDelayMs: 100 };

describe('probeTarget against real local HTTP servers', () => {
  let fake: FakeService;
  beforeEach(async () => {
    fake = await FakeService.start();
  });
  afterEach(() => fake.close());

  it('is ok on a 200 from /health/ready, with the status and an integer latency', async () => {
    const outcome = await probeTarget(fake.url, OPTIONS);
    expect(outcome).toEqual({ ok: true, status: 200, latencyMs: expect.any(Number) });
    expect(Number.isInteger(outcome.latencyMs) && outcome.latencyMs >= 0).toBe(true);
    expect(fake.requests.map((r) => r.path)).toEqual(['/health/ready']);
  });

  it('appends /health/ready to a base url with a trailing slash', async () => {
    expect((await probeTarget(`${fake.url}/`, OPTIONS)).ok).toBe(true);
    expect(fake.requests.map((r) => r.path)).toEqual(['/health/ready']);
  });

  it('fails on a 503 after one retry, naming the failed checks but never their messages', async () => {
    fake.mode = 'unready';
    const outcome = await probeTarget(fake.url, OPTIONS);
    expect(outcome).toEqual({ ok: false, status: 503, latencyMs: expect.any(Number), error: 'http 503 (failing: postgres)' });
    expect(JSON.stringify(outcome)).not.toContain(SECRET_IN_CHECK_MESSAGE);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(OPTIONS.retryDelayMs - 5);
  });

  it('hides a single failure behind its quick retry', async () => {
    fake.mode = 'fail-once';
    expect(await probeTarget(fake.url, OPTIONS)).toMatchObject({ ok: true, status: 200 });
    expect(fake.requests).toHaveLength(2);
  });

  it('reports a closed port as a network error without a status', async () => {
    await fake.close();
    expect(await probeTarget(fake.url, OPTIONS)).toEqual({ ok: false, latencyMs: expect.any(Number), error: 'network ECONNREFUSED' });
  });

  it('gives up on a target that does not answer within the timeout, twice', async () => {
    fake.mode = 'hang';
    const started = Date.now();
    const outcome = await probeTarget(fake.url, OPTIONS);
    expect(outcome).toEqual({ ok: false, latencyMs: expect.any(Number), error: 'timeout: no answer within 300 ms' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(290);
    expect(fake.requests).toHaveLength(2);
    // The fake never answers: finishing at all shows both attempts timed out (the bound is generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops at once, retry included, when aborted', async () => {
    fake.mode = 'hang';
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await probeTarget(fake.url, { ...OPTIONS, timeoutMs: 5000, signal: controller.signal })).toMatchObject({
      ok: false,
      error: 'aborted',
    });
    // Well under the 5 s timeout: the abort ended the probe, not the timeout.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports an unknown host by its resolver code', async () => {
    const outcome = await probeOnce('http://no-such-host.invalid/health/ready', { timeoutMs: 2000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^(network (ENOTFOUND|EAI_AGAIN)|timeout)/);
  });
});

describe('probeOnce against a server that is not a Vigie service', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect/health/ready') {
        res.writeHead(302, { location: '/elsewhere' });
        return void res.end();
      }
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html>proxy error</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('fails on a non-JSON error page with the status alone', async () => {
    expect(await probeOnce(`${url}/health/ready`, { timeoutMs: 1000 })).toMatchObject({ ok: false, status: 500, error: 'http 500' });
  });

  it('does not follow redirects: a health route that moved is a failure', async () => {
    expect(await probeOnce(`${url}/redirect/health/ready`, { timeoutMs: 1000 })).toMatchObject({ ok: false, status: 302 });
  });
});
