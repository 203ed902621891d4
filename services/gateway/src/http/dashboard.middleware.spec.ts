import express from 'express';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DASHBOARD_SECURITY_HEADERS, dashboardMiddleware, NOT_BUILT_TEXT } from './dashboard.middleware';

/** Mounted like Nest mounts it (`app.use('/{*path}')`, which rewrites req.url), with a JSON 404 after it. */
async function serve(dist: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use('/{*path}', dashboardMiddleware(dist));
  app.get('/api/ping', (_req, res) => void res.json({ pong: true }));
  app.use((_req, res) => void res.status(404).json({ error: { code: 'not-found', message: 'no route' } }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('dashboardMiddleware', () => {
  let dir: string;
  let dist: string;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigie-dashboard-'));
    dist = path.join(dir, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Vigie</title>');
    await writeFile(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log("vigie")');
    await writeFile(path.join(dir, 'secret.txt'), 'outside');
    server = await serve(dist);
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and as the fallback of client-side routes', async () => {
    for (const route of ['/', '/anomalies/an-1', '/reglages']) {
      const res = await fetch(server.url + route);
      expect([route, res.status, res.headers.get('content-type')]).toEqual([route, 200, 'text/html; charset=utf-8']);
      expect(await res.text()).toContain('<title>Vigie</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('sends the page with a strict content security policy: the access token lives in sessionStorage', async () => {
    const res = await fetch(server.url);
    for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS)) expect([name, res.headers.get(name)]).toEqual([name, value]);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves built assets as immutable', async () => {
    const res = await fetch(`${server.url}/assets/app-1a2b.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log("vigie")');
  });

  it('leaves a missing asset, the API, probes and Socket.IO to the routes after it', async () => {
    for (const route of ['/assets/gone.js', '/api/nothing', '/health/ready', '/metrics', '/socket.io/?EIO=4']) {
      const res = await fetch(server.url + route);
      expect([route, res.status]).toEqual([route, 404]);
      expect(await res.json()).toEqual({ error: { code: 'not-found', message: 'no route' } });
    }
    expect(await (await fetch(`${server.url}/api/ping`)).json()).toEqual({ pong: true });
  });

  it('never serves a file outside the build folder', async () => {
    const res = await fetch(`${server.url}/..%2fsecret.txt`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside');
  });

  it('only answers GET and HEAD', async () => {
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
    expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200);
  });

  it('without a build, / says how to build it and other routes stay 404', async () => {
    const bare = await serve(path.join(dir, 'not-built'));
    try {
      const res = await fetch(bare.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe(NOT_BUILT_TEXT);
      expect(NOT_BUILT_TEXT).toContain('npm run build:web');
      expect((await fetch(`${bare.url}/anomalies`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
