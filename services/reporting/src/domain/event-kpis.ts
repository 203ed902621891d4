import type { WeeklySummaryKpi } from '@vigie/contracts';
import { round } from './kpi';
import type { WeeklyReport } from './weekly-report';

/**
 * Flat figures of the whole organisation, under the keys a chat message lists (`WEEKLY_SUMMARY_KPIS` of the
 * contracts): euros, counts, and percentages 0..100 with one decimal. Absent when undefined.
 */
export function flatSummary(report: WeeklyReport): Partial<Record<WeeklySummaryKpi, number>> {
  const o = report.overall;
  const percent = (r: number | null) => (r === null ? null : round(r * 100, 1));
  const figures: Record<WeeklySummaryKpi, number | null> = {
    cashSessions: o.cash.sessionsClosed.value,
    salesCount: o.cash.salesCount.value,
    salesTotal: o.cash.salesTotal.value,
    cashVarianceTotal: o.cash.variances.totalAbs.value,
    varianceSessions: o.cash.variances.count.value,
    deposits: o.ai.deposits.value,
    classifications: o.ai.attempts.value,
    aiCorrectionRatePercent: percent(o.ai.correctionRate.value),
    aiErrorRatePercent: percent(o.ai.errorRate.value),
    syncRuns: o.sync.runs.value,
    syncFailures: o.sync.failedAttempts.value,
    anomaliesRaised: o.anomalies.raised.value,
    anomaliesResolved: o.anomalies.resolved.value,
    loginFailures: o.logins.failed.value,
  };
  return Object.fromEntries(Object.entries(figures).filter((e): e is [string, number] => e[1] !== null));
}

/** Keeps the event well under the 64 KiB an event may weigh; the stored report always has everything. */
export const MAX_EVENT_KPIS_BYTES = 48 * 1024;

/**
 * The `kpis` of `report.weekly.generated`: the flat summary at the top (what a chat lists), then the
 * whole report nested (`period`, `overall`, `sites`, `chart`) and the French Telegram text ready to
 * send (`messages.telegram`, parse mode HTML). Per-site detail is left out (`omitted: ['sites']`)
 * when it would make the event too heavy.
 */
export function eventKpis(report: WeeklyReport, telegram: string): Record<string, unknown> {
  const full: Record<string, unknown> = {
    ...flatSummary(report),
    period: { isoWeek: report.isoWeek, previousIsoWeek: report.previousIsoWeek, from: report.from, to: report.to, timeZone: 'Europe/Paris' },
    overall: report.overall,
    sites: report.sites,
    chart: report.chart,
    messages: { telegram },
  };
  if (Buffer.byteLength(JSON.stringify(full)) <= MAX_EVENT_KPIS_BYTES) return full;
  const { sites: _sites, ...rest } = full;
  return { ...rest, omitted: ['sites'] };
}
