import { ReportWeeklyGeneratedV1 } from '@vigie/contracts';
import { eventKpis, flatSummary, MAX_EVENT_KPIS_BYTES } from './event-kpis';
import { computeWeeklyReport } from './weekly-report';
import { FIXTURE_INPUT } from './weekly-report.fixture';

describe('the kpis of report.weekly.generated', () => {
  const report = computeWeeklyReport(FIXTURE_INPUT);

  it('puts the flat summary a chat lists at the top (euros, counts, percentages)', () => {
    expect(flatSummary(report)).toEqual({
      cashSessions: 4,
      salesCount: 18,
      salesTotal: 370.5,
      cashVarianceTotal: 76,
      varianceSessions: 2,
      deposits: 18,
      classifications: 20,
      aiCorrectionRatePercent: 16.7,
      aiErrorRatePercent: 10,
      syncRuns: 4,
      syncFailures: 2,
      anomaliesRaised: 3,
      anomaliesResolved: 2,
      loginFailures: 2,
    });
  });

  it('leaves undefined rates out of the summary', () => {
    const empty = computeWeeklyReport({ isoWeek: '2026-W13', rows: [], anomalies: [], recommendations: [] });
    expect(flatSummary(empty)).not.toHaveProperty('aiErrorRatePercent');
  });

  it('nests the whole report and the Telegram text, and fits the contract', () => {
    const kpis = eventKpis(report, 'texte');
    expect(kpis).toMatchObject({
      period: { isoWeek: '2026-W13', previousIsoWeek: '2026-W12', from: '2026-03-23', to: '2026-03-29', timeZone: 'Europe/Paris' },
      overall: report.overall,
      sites: report.sites,
      chart: report.chart,
      messages: { telegram: 'texte' },
    });
    expect(ReportWeeklyGeneratedV1.safeParse({ reportId: 'weekly-2026-W13', isoWeek: '2026-W13', kpis }).success).toBe(true);
  });

  it('leaves the per-site detail out when the event would be too heavy', () => {
    const heavy = eventKpis(report, 'x'.repeat(MAX_EVENT_KPIS_BYTES));
    expect(heavy).not.toHaveProperty('sites');
    expect(heavy).toMatchObject({ omitted: ['sites'], overall: report.overall });
  });
});
