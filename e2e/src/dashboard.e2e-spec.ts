import { startAnomaly } from '@vigie/anomaly';
import { startCash } from '@vigie/cash';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function post(base: string, route: string, body: unknown) {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A person's view: the dashboard in headless Chromium shows a new anomaly without a reload. */
describe('dashboard in a browser', () => {
  let env: TestEnvironment;
  let services: RunningService[] = [];
  let cash: RunningService;
  let gateway: RunningService;
  let browser: Browser;
  let webDist: string;

  beforeAll(async () => {
    webDist = mkdtempSync(path.join(tmpdir(), 'vigie-web-'));
    const build = spawnSync('npx', ['vite', 'build', 'web', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
    env = await testEnvironment();
    const common = { ...env.env, LOG_LEVEL: 'warn' };
    cash = await startCash({ ...common, CASH_PORT: '0' });
    const anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0' });
    gateway = await startGateway({ ...common, GATEWAY_PORT: '0', WEB_DIST: webDist });
    services = [cash, anomaly, gateway];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    for (const s of services.reverse()) await s.stop();
    await env?.cleanup();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('shows the empty state, then a shortfall appears live, in French, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(gateway.url);
    await page.getByTestId('anomaly-empty').waitFor();
    expect(await page.getByTestId('anomaly-empty').textContent()).toContain('Aucune anomalie');
    await page.locator('[data-testid="live-badge"][data-state="live"]').waitFor();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const session = await post(cash.url, '/sessions', { siteId: 'site-1', registerId: 'caisse-1', operatorId: 'op-3', openingAmount: 80 });
    await post(cash.url, `/sessions/${session.sessionId}/sales`, { amount: 12.5, paymentMethod: 'cash', itemCount: 1 });
    await post(cash.url, `/sessions/${session.sessionId}/close`, { countedCash: 77.5, comment: 'billet manquant' });

    const item = page.getByTestId('anomaly-item').first();
    await item.waitFor({ timeout: 15000 });
    expect(await item.getByTestId('anomaly-title').textContent()).toContain('-15,00 €');
    expect(await item.getByTestId('anomaly-severity').textContent()).toBe('Avertissement');
    expect(await item.getByTestId('anomaly-raised-at').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    mkdirSync(path.join(ROOT, '.vigie'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, '.vigie', 'dashboard-e2e.png'), fullPage: true });
  });
});
