import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { JobView, ReportListItem, ReportView } from '@vigie/contracts';
import ReportsPage from './ReportsPage.vue';
import { setLocale } from '../i18n';
import { navigate } from '../router';
import { fakeGateway, loggedIn, mountPage, unavailable } from '../test-fixtures';

enableAutoUnmount(afterEach);

const ITEM: ReportListItem = {
  isoWeek: '2026-W48',
  reportId: 'rep-2026-W48',
  from: '2026-11-23',
  to: '2026-11-29',
  generatedAt: '2026-11-30T07:00:00.000Z',
  summary: { salesTotal: 1234.5, cashSessions: 12, anomaliesRaised: 3, aiErrorRatePercent: 2.5 },
};
const REPORT: ReportView = {
  ...ITEM,
  eventId: '0193a2b4-0000-7000-8000-0000000000aa',
  report: {
    isoWeek: '2026-W48',
    from: '2026-11-23',
    to: '2026-11-29',
    chart: {
      days: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'],
      sales: [100, 200, 0, 150, 300, 400, 84.5],
      previousSales: [90, 180, 10, 140, 280, 390, 80],
    },
  },
};
const JOB: JobView = {
  name: 'reporting.generate-weekly-report',
  description: 'Rapport hebdomadaire',
  schedule: { cron: '0 8 * * 1', timeZone: 'Europe/Paris' },
  status: 'ok',
  expectedSince: null,
  lastRun: null,
  lastSuccessAt: '2026-11-30T07:00:02.000Z',
  nextRunAt: '2026-12-07T07:00:00.000Z',
};

describe('ReportsPage', () => {
  beforeEach(() => {
    setLocale('fr');
    navigate('#/reports');
  });
  afterEach(() => vi.unstubAllGlobals());

  const routes = {
    'GET /api/reports': { items: [ITEM] },
    'GET /api/reports/2026-W48': REPORT,
    'GET /api/jobs': { items: [JOB] },
  };

  it('lists the weeks with their headline figures, and the jobs', async () => {
    fakeGateway(routes);
    const wrapper = mountPage(ReportsPage, loggedIn());
    await flushPromises();
    const item = wrapper.find('[data-testid="report-item"]');
    expect(item.text()).toContain('Semaine 2026-W48');
    expect(item.text()).toContain('Du 23/11/2026 au 29/11/2026');
    expect(item.text()).toContain('1\u00a0234,50\u00a0€');
    expect(item.find('a').attributes('href')).toBe('#/reports/2026-W48');
    const job = wrapper.find('[data-job="reporting.generate-weekly-report"]');
    expect(job.text()).toContain('OK');
    expect(job.text()).toContain('Prochaine exécution : 07/12/2026 08:00');
  });

  it('one report: its figures, the sales chart against the week before, and the CSV', async () => {
    const gateway = fakeGateway({
      ...routes,
      'GET /api/reports/2026-W48.csv': () => new Response('indicateur;valeur\r\n', { status: 200, headers: { 'content-type': 'text/csv' } }),
    });
    const created: Blob[] = [];
    const clicked: string[] = [];
    const createUrl = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (created.push(b as Blob), 'blob:report'));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.href}`);
    });
    navigate('#/reports/2026-W48');
    const wrapper = mountPage(ReportsPage, loggedIn());
    await flushPromises();
    const figures = wrapper.findAll('[data-testid="report-figures"] div').map((d) => [d.attributes('data-figure'), d.find('dd').text()]);
    expect(figures).toEqual([
      ['salesTotal', '1\u00a0234,50\u00a0€'],
      ['cashSessions', '12'],
      ['anomaliesRaised', '3'],
      ['aiErrorRatePercent', '2,5'],
    ]);
    expect(wrapper.find('[data-figure="cashSessions"] dt').text()).toBe('Sessions de caisse');
    const chart = wrapper.find('[data-title="Ventes par jour (€)"]');
    expect(chart.findAll('[data-testid="bar-0"]')).toHaveLength(7);
    expect(chart.text()).toContain('Semaine précédente');

    await wrapper.find('[data-testid="report-csv"]').trigger('click');
    await flushPromises();
    const csvCall = gateway.calls.find((c) => c.url === '/api/reports/2026-W48.csv');
    expect(csvCall?.headers).toMatchObject({ authorization: 'Bearer token-1' });
    expect(await created[0].text()).toBe('indicateur;valeur\r\n');
    expect(clicked).toEqual(['vigie-rapport-2026-W48.csv blob:report']);
    click.mockRestore();
    createUrl.mockRestore();
  });

  it('says when there is no report yet', async () => {
    fakeGateway({ ...routes, 'GET /api/reports': { items: [] } });
    const wrapper = mountPage(ReportsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="reports-empty"]').exists()).toBe(true);
  });

  it('« Service indisponible » when the reporting service does not answer', async () => {
    fakeGateway({ 'GET /api/reports': () => unavailable('reporting'), 'GET /api/jobs': () => unavailable('reporting') });
    const wrapper = mountPage(ReportsPage, loggedIn());
    await flushPromises();
    const boxes = wrapper.findAll('[data-testid="unavailable"]');
    expect(boxes).toHaveLength(2);
    expect(boxes[0].text()).toContain('Le service des rapports ne répond pas');
  });
});
