import { reportCsv, unitOf } from './report-csv';
import { computeWeeklyReport } from './weekly-report';
import { FIXTURE_INPUT } from './weekly-report.fixture';

describe('reportCsv', () => {
  const csv = reportCsv(computeWeeklyReport(FIXTURE_INPUT));
  const lines = csv.replace(/^\ufeff/, '').trimEnd().split('\r\n');

  it('starts with a BOM and a header, one indicator per CRLF line', () => {
    expect(csv.startsWith('\ufeffweek,scope,indicator,unit,value,previous,change,change_pct\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes each indicator with its unit, both weeks and the changes; empty for undefined', () => {
    expect(lines).toContain('2026-W13,overall,cash.salesTotal,EUR,370.5,200,170.5,0.8525');
    expect(lines).toContain('2026-W13,overall,ai.errorRate,ratio,0.1,0,0.1,');
    expect(lines).toContain('2026-W13,overall,ai.byModel.model-a.latencyP95Ms,ms,5000,1000,4000,4');
    expect(lines).toContain('2026-W13,overall,sync.byTarget.compta.successRate,ratio,0.75,1,-0.25,-0.25');
    expect(lines).toContain('2026-W13,overall,uptime.byService.cash.uptime,ratio,0.99,1,-0.01,-0.01');
    expect(lines).toContain('2026-W13,overall,anomalies.byRule.cash.variance.bySeverity.critical,count,1,0,1,');
    expect(lines).toContain('2026-W13,overall,anomalies.meanTimeToResolveMs,ms,46800000,,,');
    expect(lines).toContain('2026-W13,site:site-2,cash.salesTotal,EUR,45,0,45,');
  });

  it('has the overall scope first, then each site, every scope the same indicators', () => {
    const scopes = [...new Set(lines.slice(1).map((l) => l.split(',')[1]))];
    expect(scopes).toEqual(['overall', 'site:global', 'site:site-1', 'site:site-2']);
    const count = (scope: string) => lines.filter((l) => l.split(',')[1] === scope).length;
    expect(count('site:site-1')).toBeGreaterThan(30);
  });

  it('quotes a cell holding a comma or a quote', () => {
    const report = computeWeeklyReport({
      ...FIXTURE_INPUT,
      rows: [{ day: '2026-03-24', siteId: 'site-1', kind: 'sync', key: 'a,"b"', counters: { runsStarted: 1 } }],
    });
    expect(reportCsv(report)).toContain('2026-W13,overall,"sync.byTarget.a,""b"".runs",count,1,0,1,');
  });

  it('names units from the indicator', () => {
    expect(['cash.averageBasket', 'ai.correctionRate', 'uptime.byService.x.uptime', 'ai.latencyP95Ms', 'cash.salesCount'].map(unitOf)).toEqual([
      'EUR',
      'ratio',
      'ratio',
      'ms',
      'count',
    ]);
  });
});
