import { startAnomaly } from '@vigie/anomaly';
import { startCash } from '@vigie/cash';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN, gatewayAuthEnv, logIn, post } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const OUTPUT = path.join(ROOT, 'e2e', 'output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SECOND_ADMIN = { login: 'coordinatrice', password: 'mot de passe du second admin' };

/** Two people's views: each logs in, sees a shortfall appear live, and sees the other's acknowledgement. */
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
    gateway = await startGateway({ ...common, ...gatewayAuthEnv(), GATEWAY_PORT: '0', WEB_DIST: webDist, ANOMALY_URL: anomaly.url });
    services = [cash, anomaly, gateway];
    const { token } = await logIn(gateway.url);
    await post(gateway.url, '/api/accounts', { ...SECOND_ADMIN, role: 'admin' }, token);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    // Only this file's screenshots: the pages test writes its own beside them, maybe at the same time.
    mkdirSync(OUTPUT, { recursive: true });
    for (const file of readdirSync(OUTPUT).filter((f) => /^\d{2}-.*\.png$/.test(f))) rmSync(path.join(OUTPUT, file));
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    for (const s of services.reverse()) await s.stop();
    await env?.cleanup();
    rmSync(webDist, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });

  async function logInThroughTheForm(page: Page, login: string, password: string) {
    await page.getByLabel('Identifiant').fill(login);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  /** A marker that disappears on a reload: the page was updated in place. */
  const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

  it('log in, see a shortfall appear live, acknowledge it, and see it acknowledged in a second browser without reload', async () => {
    const first = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' })).newPage();
    const second = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' })).newPage();

    await first.goto(gateway.url);
    await first.getByTestId('login-form').waitFor();
    expect(await first.getByTestId('anomaly-list').count()).toBe(0);
    await shot(first, '01-login');

    await logInThroughTheForm(first, ADMIN.login, 'pas le bon mot de passe');
    await first.getByTestId('login-error').waitFor();
    expect(await first.getByTestId('login-error').textContent()).toBe('Identifiant ou mot de passe incorrect.');
    await shot(first, '02-login-refused');

    await logInThroughTheForm(first, ADMIN.login, ADMIN.password);
    await first.getByTestId('page-overview').waitFor();
    await first.getByTestId('nav-anomalies').click();
    await first.getByTestId('anomaly-empty').waitFor();
    expect(await first.getByTestId('anomaly-empty').textContent()).toContain('Aucune anomalie');
    await first.locator('[data-testid="live-badge"][data-state="live"]').waitFor();
    expect(await first.getByTestId('account').textContent()).toContain('admin (Super Admin)');
    await shot(first, '03-first-logged-in-empty');

    await second.goto(gateway.url);
    await logInThroughTheForm(second, SECOND_ADMIN.login, SECOND_ADMIN.password);
    await second.locator('[data-testid="live-badge"][data-state="live"]').waitFor();
    await second.getByTestId('nav-anomalies').click();
    await second.getByTestId('anomaly-empty').waitFor();
    expect(await second.getByTestId('account').textContent()).toContain('coordinatrice (Administrateur)');
    await Promise.all([markDocument(first), markDocument(second)]);

    const session = await post<{ sessionId: string }>(cash.url, '/sessions', {
      siteId: 'site-1',
      registerId: 'caisse-1',
      operatorId: 'op-3',
      openingAmount: 80,
    });
    await post(cash.url, `/sessions/${session.sessionId}/sales`, { amount: 12.5, paymentMethod: 'cash', itemCount: 1 });
    await post(cash.url, `/sessions/${session.sessionId}/close`, { countedCash: 77.5, comment: 'billet manquant' });

    for (const page of [first, second]) {
      const item = page.getByTestId('anomaly-item').first();
      await item.waitFor({ timeout: 15000 });
      expect(await item.getByTestId('anomaly-title').textContent()).toContain('-15,00 €');
      expect(await item.getByTestId('anomaly-severity').textContent()).toBe('Avertissement');
      expect(await item.getByTestId('anomaly-status').textContent()).toBe('Ouverte');
      expect(await item.getByTestId('anomaly-raised-at').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(await item.getByRole('button', { name: 'Acquitter' }).isVisible()).toBe(true);
      expect(await item.getByRole('button', { name: 'Résoudre' }).isVisible()).toBe(true);
      expect(await item.getByRole('button', { name: 'Mettre en sourdine 1 h' }).isVisible()).toBe(true);
      expect(await item.getByRole('button', { name: 'Mettre en sourdine 24 h' }).isVisible()).toBe(true);
    }
    await shot(first, '04-first-anomaly-live');
    await shot(second, '05-second-anomaly-live');

    await first.getByTestId('anomaly-item').first().getByRole('button', { name: 'Acquitter' }).click();

    for (const page of [first, second]) {
      const item = page.locator('[data-testid="anomaly-item"][data-status="acknowledged"]');
      await item.waitFor({ timeout: 15000 });
      expect(await item.getByTestId('anomaly-status').textContent()).toBe('Acquittée');
      expect(await item.getByTestId('action-acknowledge').count()).toBe(0);
      expect(await page.getByTestId('action-error').count()).toBe(0);
      expect(await sameDocument(page)).toBe(true);
    }
    await shot(first, '06-first-acknowledged');
    await shot(second, '07-second-sees-acknowledged');

    await second.getByTestId('anomaly-item').first().getByRole('button', { name: 'Résoudre' }).click();
    const resolved = first.locator('[data-testid="anomaly-item"][data-status="resolved"]');
    await resolved.waitFor({ timeout: 15000 });
    expect(await resolved.getByTestId('anomaly-status').textContent()).toBe('Résolue');
    expect(await resolved.getByTestId('anomaly-actions').count()).toBe(0);
    expect(await sameDocument(first)).toBe(true);
    await shot(first, '08-first-sees-resolved');

    await first.reload();
    await first.locator('[data-testid="anomaly-item"][data-status="resolved"]').waitFor();
    expect(await first.getByTestId('login-form').count()).toBe(0);

    await first.getByRole('button', { name: 'Se déconnecter' }).click();
    await first.getByTestId('login-form').waitFor();
    expect(await first.getByTestId('anomaly-item').count()).toBe(0);
    await shot(first, '09-logged-out');
  });
});
