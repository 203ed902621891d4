import { startAi } from '@vigie/ai';
import { startAnomaly } from '@vigie/anomaly';
import { startCash } from '@vigie/cash';
import type { ChatListResponse, HealthOverview, ReportListResponse } from '@vigie/contracts';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { startMonitor } from '@vigie/monitor';
import { startNotification } from '@vigie/notification';
import { Clock, startReporting } from '@vigie/reporting';
import { LocalBotApi, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN, gatewayAuthEnv, logIn, post, request, until } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const OUTPUT = path.join(ROOT, 'e2e', 'output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_CHAT = '111111';
const NEW_CHAT = 333333;

/**
 * The reporting service lives on next Monday, 10:00 UTC (after its 08:00 Paris run), so the ISO week
 * of today's events is the week it has just reported on.
 */
class NextMondayClock extends Clock {
  private readonly offsetMs: number;

  constructor() {
    super();
    const parisToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const isoWeekday = new Date(`${parisToday}T12:00:00Z`).getUTCDay() || 7;
    const nextMonday = Date.parse(`${parisToday}T10:00:00Z`) + (8 - isoWeekday) * 86_400_000;
    this.offsetMs = nextMonday - Date.now();
  }

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Every page of the dashboard in a real browser against the real services (cash, ai, anomaly,
 * notification with a local Bot API, reporting, monitor, gateway), one screenshot per page in
 * e2e/output/pages-*.png.
 */
describe('dashboard pages in a browser', () => {
  let env: TestEnvironment;
  let bot: LocalBotApi;
  const services: RunningService[] = [];
  let cash: RunningService;
  let reporting: RunningService;
  let gateway: RunningService;
  let browser: Browser;
  let page: Page;
  let token: string;
  let webDist: string;

  beforeAll(async () => {
    webDist = mkdtempSync(path.join(tmpdir(), 'vigie-web-'));
    const build = spawnSync('npx', ['vite', 'build', 'web', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
    env = await testEnvironment();
    bot = await LocalBotApi.start();
    const common = { ...env.env, LOG_LEVEL: 'error' as const };
    // Sequential boots: each runs its migrations on the shared throwaway database.
    cash = await startCash({ ...common, CASH_PORT: '0' });
    const ai = await startAi({ ...common, AI_PORT: '0' });
    const anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0' });
    const notification = await startNotification({
      ...common,
      NOTIFICATION_PORT: '0',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: ADMIN_CHAT,
      TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
    });
    services.push(cash, ai, anomaly, notification);

    // Today's activity, before the reporting service boots and reports on it.
    // Drawers short by 15,00 € and 22,50 € (expected cash: 80 + 12,50): two warnings.
    for (const [registerId, counted] of [['caisse-1', 77.5], ['caisse-2', 70]] as const) {
      const session = await post<{ sessionId: string }>(cash.url, '/sessions', { siteId: 'site-1', registerId, operatorId: 'op-3', openingAmount: 80 });
      await post(cash.url, `/sessions/${session.sessionId}/sales`, { amount: 12.5, paymentMethod: 'cash', itemCount: 1 });
      await post(cash.url, `/sessions/${session.sessionId}/sales`, { amount: 24, paymentMethod: 'card', itemCount: 2 });
      await post(cash.url, `/sessions/${session.sessionId}/close`, { countedCash: counted, comment: 'recompté' });
    }
    for (const [i, description] of ['une perceuse sans fil', 'un grille-pain', 'une lampe de bureau', 'un objet bizarre'].entries()) {
      await post(ai.url, '/classifications', { depositId: `dep-${i}`, siteId: 'site-1', description });
    }

    reporting = await startReporting(
      { ...common, REPORTING_PORT: '0', ANOMALY_URL: anomaly.url, AGENDA_PROCESS_EVERY_MS: '300', AGENDA_LOCK_LIFETIME_MS: '2000', REPORT_PROJECTION_WAIT_MS: '20000' },
      { clock: new NextMondayClock() },
    );
    services.push(reporting);
    const gatewayPort = await freePort();
    const down = await freePort();
    const monitor = await startMonitor({
      ...common,
      MONITOR_PORT: '0',
      MONITOR_TARGETS: [
        `gateway=http://127.0.0.1:${gatewayPort}`,
        `cash=${cash.url}`,
        `ai=${ai.url}`,
        `anomaly=${anomaly.url}`,
        `notification=${notification.url}`,
        `reporting=${reporting.url}`,
        `sync=http://127.0.0.1:${down}`,
      ].join(','),
      MONITOR_PROBE_INTERVAL_MS: '500',
      // Targets down from the start are the point here: no boot grace.
      MONITOR_STARTUP_GRACE_MS: '0',
      MONITOR_PROBE_TIMEOUT_MS: '500',
      MONITOR_TICK_INTERVAL_MS: '1000',
    });
    services.push(monitor);
    gateway = await startGateway({
      ...common,
      ...gatewayAuthEnv(),
      GATEWAY_PORT: String(gatewayPort),
      WEB_DIST: webDist,
      ANOMALY_URL: anomaly.url,
      MONITOR_URL: monitor.url,
      REPORTING_URL: reporting.url,
      NOTIFICATION_URL: notification.url,
      METRICS_SAMPLE_INTERVAL_MS: '1000',
    });
    services.push(gateway);
    token = (await logIn(gateway.url)).token;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' })).newPage();
    mkdirSync(OUTPUT, { recursive: true });
    for (const file of readdirSync(OUTPUT).filter((f) => f.startsWith('pages-'))) rmSync(path.join(OUTPUT, file));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await bot?.stop();
    await env?.cleanup();
    rmSync(webDist, { recursive: true, force: true });
  });

  const shot = async (name: string, on: Page = page) => {
    await on.evaluate(() => window.scrollTo(0, 0));
    await on.screenshot({ path: path.join(OUTPUT, `pages-${name}.png`), fullPage: true });
  };
  const goTo = async (name: string) => {
    await page.getByTestId(`nav-${name}`).click();
    await page.getByTestId(`page-${name}`).waitFor();
  };

  it("Overview: every service with its state and uptime, open anomalies by severity, today's KPIs", async () => {
    await until(
      'the monitor to probe every target and the sync target to fail',
      async () => {
        const health = (await request<HealthOverview>(gateway.url, 'GET', '/api/health', { token })).body;
        const state = Object.fromEntries(health.services.map((s) => [s.name, s.up]));
        return state.cash === true && state.reporting === true && state.gateway === true && state.sync === false;
      },
      30_000,
    );
    await page.goto(gateway.url);
    await page.getByLabel('Identifiant').fill(ADMIN.login);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByTestId('page-overview').waitFor();
    await page.locator('[data-testid="live-badge"][data-state="live"]').waitFor();
    await page.locator('[data-testid="service-card"][data-service="sync"][data-state="down"]').waitFor();
    const cashCard = page.locator('[data-testid="service-card"][data-service="cash"]');
    expect(await cashCard.getAttribute('data-state')).toBe('up');
    expect(await cashCard.getByTestId('service-state').textContent()).toContain('En service');
    expect(await cashCard.getByTestId('uptime-24h').textContent()).toMatch(/%$/);
    await page.locator('[data-kpi="sales"] .tile-value').filter({ hasText: '€' }).waitFor();
    expect(await page.locator('[data-kpi="sales"] .tile-value').textContent()).toBe('73,00\u00a0€');
    expect(await page.locator('[data-kpi="sessions"] .tile-value').textContent()).toBe('2');
    await until(
      'the two shortfalls counted',
      async () => (await page.locator('[data-severity="warning"] [data-testid="open-count"]').textContent()) === '2',
    );
    await shot('01-overview');
  });

  it('Anomalies: the live list, a filter, and one anomaly with its evidence', async () => {
    await goTo('anomalies');
    await page.getByTestId('anomaly-item').first().waitFor();
    await page.locator('[data-testid="anomaly-item"][data-severity="critical"]').first().waitFor({ timeout: 20_000 });
    await shot('02-anomalies');
    await page.getByTestId('filter-family').selectOption('cash');
    await until('the cash filter', async () => (await page.getByTestId('anomaly-item').count()) === 2);
    expect(page.url()).toContain('family=cash');
    await page.getByTestId('anomaly-link').first().click();
    await page.getByTestId('anomaly-detail').waitFor();
    expect(await page.getByTestId('evidence-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('evidence-row').first().textContent()).toContain('CASH');
    expect(await page.getByTestId('anomaly-details').textContent()).toContain('variance');
    // The evidence event itself, read back from the CASH stream through the audit API.
    await page.getByTestId('evidence-toggle').first().click();
    await page.locator('[data-testid="evidence-event"] pre').first().waitFor();
    expect(await page.locator('[data-testid="evidence-event"] pre').first().textContent()).toContain('"type": "cash.session.closed"');
    await shot('03-anomaly-detail');
    await page.getByRole('button', { name: 'Acquitter' }).click();
    await page.locator('[data-testid="anomaly-detail"] [data-testid="anomaly-status"]', { hasText: 'Acquittée' }).waitFor();
  });

  it('Metrics: charts of AI, sync, cash and usage, events per minute and consumer lag', async () => {
    await goTo('metrics');
    await page.locator('[data-testid="chart"][data-title="Classifications"]').waitFor();
    expect(await page.locator('[data-title="Classifications"] [data-testid="bar-0"]').count()).toBe(7);
    await page.locator('[data-testid="consumer-lag"] tr[data-durable="gateway-health"]').waitFor();
    await page.locator('[data-testid="chart"][data-title="Événements par minute"]').or(page.getByText('Pas encore de mesure.')).first().waitFor();
    await shot('04-metrics');
  });

  it('Recommendations: the active ones, or a calm empty state', async () => {
    await goTo('recommendations');
    await page.getByTestId('recommendation').first().or(page.getByTestId('recommendations-empty')).first().waitFor();
    await shot('05-recommendations');
  });

  it('Reports: the weekly report, its figures and chart, and its CSV', async () => {
    await until(
      'the weekly report of this week',
      async () => (await request<ReportListResponse>(gateway.url, 'GET', '/api/reports', { token })).body.items.length > 0,
      45_000,
    );
    await goTo('reports');
    await page.getByTestId('report-item').first().waitFor();
    await page.locator('[data-job="reporting.generate-weekly-report"]').waitFor();
    await shot('06-reports');
    await page.getByTestId('report-item').first().locator('a').click();
    await page.getByTestId('report-figures').waitFor();
    expect(await page.locator('[data-figure="salesTotal"] dd').textContent()).toBe('73,00\u00a0€');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^vigie-rapport-\d{4}-W\d{2}\.csv$/);
    await shot('07-report-detail');
  });

  it('Notifications: a link code links a new chat, whose subscriptions are then edited', async () => {
    await goTo('notifications');
    await page.locator(`[data-testid="subscriptions-matrix"] th[data-chat="${ADMIN_CHAT}"]`).waitFor();
    await page.getByTestId('create-link-code').click();
    const command = (await page.getByTestId('link-command').textContent()) ?? '';
    expect(command).toMatch(/^\/link \S+$/);
    await shot('08-notifications-link-code');

    bot.sendUserMessage(NEW_CHAT, command);
    await until(
      'the new chat linked',
      async () => (await request<ChatListResponse>(gateway.url, 'GET', '/api/chats', { token })).body.items.some((c) => c.chatId === String(NEW_CHAT)),
      15_000,
    );
    await page.reload();
    await page.locator(`[data-testid="subscriptions-matrix"] th[data-chat="${NEW_CHAT}"]`).waitFor();
    const cell = page.locator(`[data-testid="subscription-cell"][data-chat="${NEW_CHAT}"][data-topic="sync.*"]`);
    await cell.getByTestId('sub-severity').selectOption('critical');
    await page.getByTestId(`save-${NEW_CHAT}`).click();
    await page.getByTestId('save-outcome').filter({ hasText: 'Abonnements enregistrés.' }).waitFor();
    const saved = await request<{ items: { topic: string; minSeverity: string }[] }>(gateway.url, 'GET', `/api/chats/${NEW_CHAT}/subscriptions`, { token });
    expect(saved.body.items.find((s) => s.topic === 'sync.*')?.minSeverity).toBe('critical');
    await shot('09-notifications');
  });

  it('Rules: a refused value is explained, a threshold changed for one site', async () => {
    await goTo('rules');
    await page.getByTestId('edit-cash.variance').click();
    await page.getByTestId('rule-site').fill('site-1');
    await page.getByTestId('rule-param-warningAbove').fill('-5');
    await page.getByTestId('rule-save').click();
    expect(await page.getByTestId('field-error').textContent()).toBe('Saisissez un nombre positif ou nul.');
    await shot('10-rules-validation');
    await page.getByTestId('rule-param-warningAbove').fill('15');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-notice').filter({ hasText: 'Règle enregistrée.' }).waitFor();
    expect(await page.locator('[data-rule-id="cash.variance"] [data-testid="rule-override"]').textContent()).toContain('Site site-1');
    await shot('11-rules');
  });

  it('in English, and on a phone', async () => {
    await goTo('overview');
    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.getByTestId('nav-anomalies').textContent()).toContain('Anomalies');
    expect(await page.locator('[data-service="cash"] [data-testid="service-state"]').textContent()).toContain('Up');
    await shot('12-overview-en');
    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: "Vue d'ensemble" }).waitFor();

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' })).newPage();
    await phone.goto(gateway.url);
    await phone.getByLabel('Identifiant').fill(ADMIN.login);
    await phone.getByLabel('Mot de passe').fill(ADMIN.password);
    await phone.getByRole('button', { name: 'Se connecter' }).click();
    await phone.getByTestId('service-card').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('13-overview-phone', phone);
    await phone.context().close();
  });

  it('a service that stops shows « Service indisponible », and the page comes back without a reload', async () => {
    await goTo('reports');
    await page.getByTestId('report-item').first().waitFor();
    await reporting.stop();
    await goTo('overview');
    await goTo('reports');
    await page.getByTestId('stale').first().or(page.getByTestId('unavailable').first()).first().waitFor();
    await page.reload();
    await page.getByTestId('unavailable').first().waitFor();
    expect(await page.getByTestId('unavailable').first().textContent()).toContain('Service indisponible');
    expect(await page.getByTestId('unavailable').first().textContent()).toContain('Le service des rapports ne répond pas');
    await shot('14-reports-unavailable');
  });

  it('Accounts: a super-admin creates an admin (generated password), disables and re-enables it; that admin, on a phone, changes their password and logs out, and the token is refused', async () => {
    await goTo('accounts');
    await page.getByTestId('create-login').fill('admin.benevole');
    await page.getByTestId('create-submit').click();
    const generated = (await page.getByTestId('generated-password').locator('code').textContent())?.trim() ?? '';
    expect(generated).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    const row = page.locator('[data-testid="account-row"][data-login="admin.benevole"]');
    await row.getByTestId('account-toggle').click();
    await row.locator('[data-testid="account-state"]', { hasText: 'Désactivé' }).waitFor();
    expect((await request(gateway.url, 'POST', '/api/auth/login', { body: { login: 'admin.benevole', password: generated } })).status).toBe(401);
    await row.getByTestId('account-toggle').click();
    await row.locator('[data-testid="account-state"]', { hasText: 'Actif' }).waitFor();
    await page.locator('[data-testid="history-row"]', { hasText: 'Réactivation' }).waitFor();
    expect(await page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(3);
    await shot('accounts');

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' })).newPage();
    await phone.goto(gateway.url);
    await phone.getByLabel('Identifiant').fill('admin.benevole');
    await phone.getByLabel('Mot de passe').fill(generated);
    await phone.getByRole('button', { name: 'Se connecter' }).click();
    await phone.getByTestId('nav-accounts').click();
    await phone.getByTestId('my-account').waitFor();
    expect(await phone.getByTestId('nav-accounts').textContent()).toContain('Mon compte');
    expect(await phone.getByTestId('account-list').count()).toBe(0);
    await phone.getByTestId('own-current').fill(generated);
    await phone.getByTestId('own-new').fill('mon mot de passe de bénévole');
    await phone.getByTestId('own-confirm').fill('mon mot de passe de bénévole');
    await phone.getByTestId('own-submit').click();
    await phone.getByTestId('own-outcome').filter({ hasText: 'Mot de passe changé' }).waitFor();
    // The change closed the live connection: it comes back with the fresh token, the session goes on.
    await phone.locator('[data-testid="live-badge"][data-state="live"]').waitFor();
    expect(await phone.getByRole('heading', { level: 2 }).textContent()).toBe('Mon compte');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('accounts-phone', phone);

    const session = await phone.evaluate(() => sessionStorage.getItem('vigie.session'));
    const phoneToken = (JSON.parse(session ?? '{}') as { token?: string }).token ?? '';
    expect((await request(gateway.url, 'GET', '/api/auth/me', { token: phoneToken })).status).toBe(200);
    await phone.getByTestId('logout').click();
    await phone.getByTestId('login-form').waitFor();
    await until('the logged-out token refused', async () => (await request(gateway.url, 'GET', '/api/auth/me', { token: phoneToken })).status === 401);
    await phone.context().close();
  });
});
