import { WEEKLY_SUMMARY_KPIS, type ReportRecommendation, type ReportWeeklyGenerated, type Severity, type WeeklySummaryKpi } from '@vigie/contracts';
import { clipEscaped, escapeHtml, formatDateTime, formatMoney, formatNumber, formatPercent, TELEGRAM_MAX_CHARS } from './format';
import { DEFAULT_RENDER, SEVERITY_EMOJI, SEVERITY_LABELS, type Locale, type RenderContext } from './i18n';

type KpiKind = (typeof WEEKLY_SUMMARY_KPIS)[WeeklySummaryKpi];

/** Labels of the weekly summary's figures (the contracts' `WEEKLY_SUMMARY_KPIS`), in display order. */
const SUMMARY_LABELS: Record<WeeklySummaryKpi, readonly [fr: string, en: string]> = {
  cashSessions: ['Sessions de caisse', 'Cash sessions'],
  salesCount: ['Ventes', 'Sales'],
  salesTotal: ["Chiffre d'affaires", 'Sales total'],
  cashVarianceTotal: ['Écarts de caisse (total)', 'Cash variances (total)'],
  varianceSessions: ['Sessions en écart', 'Sessions with a variance'],
  deposits: ['Dépôts', 'Deposits'],
  classifications: ['Classifications IA', 'AI classifications'],
  aiCorrectionRatePercent: ['Taux de correction IA', 'AI correction rate'],
  aiErrorRatePercent: ["Taux d'échec IA", 'AI failure rate'],
  syncRuns: ['Synchronisations', 'Sync runs'],
  syncFailures: ['Échecs de synchronisation', 'Sync failures'],
  anomaliesRaised: ['Anomalies détectées', 'Anomalies raised'],
  anomaliesResolved: ['Anomalies résolues', 'Anomalies resolved'],
  loginFailures: ['Connexions échouées', 'Failed logins'],
};

/** KPIs the weekly report is known to carry, in display order; others follow under their key. */
const KNOWN_KPIS = (Object.keys(SUMMARY_LABELS) as WeeklySummaryKpi[]).map(
  (key) => [key, WEEKLY_SUMMARY_KPIS[key], ...SUMMARY_LABELS[key]] as const,
);

/** Raw characters kept of an unknown KPI's key or text value. */
const KPI_TEXT_MAX = 80;

export interface Kpi {
  label: string;
  value: string;
}

function formatKpi(value: number, kind: KpiKind, locale: Locale): string {
  if (kind === 'money') return formatMoney(value, locale);
  if (kind === 'percent') return formatPercent(value, locale);
  return formatNumber(value, locale);
}

/** The report's KPIs as label/value pairs (plain text, not escaped): known ones first, then the rest by key. */
export function kpiList(kpis: Record<string, unknown>, locale: Locale): Kpi[] {
  const out: Kpi[] = [];
  for (const [key, kind, fr, en] of KNOWN_KPIS) {
    const v = kpis[key];
    if (typeof v === 'number' && Number.isFinite(v)) out.push({ label: locale === 'en' ? en : fr, value: formatKpi(v, kind, locale) });
  }
  const known = new Set<string>(KNOWN_KPIS.map(([key]) => key));
  for (const key of Object.keys(kpis).sort()) {
    if (known.has(key)) continue;
    const v = kpis[key];
    let value: string | undefined;
    if (typeof v === 'number' && Number.isFinite(v)) value = formatNumber(v, locale);
    else if (typeof v === 'string' && v !== '') value = v;
    else if (typeof v === 'boolean') value = locale === 'en' ? (v ? 'yes' : 'no') : v ? 'oui' : 'non';
    // Nested values belong to the dashboard; a chat message lists the flat ones.
    if (value !== undefined) out.push({ label: key.slice(0, KPI_TEXT_MAX), value: value.slice(0, KPI_TEXT_MAX) });
  }
  return out;
}

export interface WeeklyReportInput {
  siteId: string;
  occurredAt: string;
  report: ReportWeeklyGenerated;
}

const REPORT_WORDS = {
  fr: { title: 'Rapport hebdomadaire', week: 'semaine', site: 'Site : ', generated: 'Généré le ', colon: ' : ', empty: 'Aucun indicateur.' },
  en: { title: 'Weekly report', week: 'week', site: 'Site: ', generated: 'Generated ', colon: ': ', empty: 'No indicators.' },
} as const;

export function weeklyReportTitle(report: ReportWeeklyGenerated, locale: Locale): string {
  const w = REPORT_WORDS[locale];
  return `${w.title} — ${w.week} ${report.isoWeek}`;
}

/** The weekly report as one Telegram message (HTML), cut at a line if ever longer than 4096 characters. */
export function renderWeeklyReport(input: WeeklyReportInput, ctx: RenderContext = DEFAULT_RENDER): string {
  const w = REPORT_WORDS[ctx.locale];
  const kpis = kpiList(input.report.kpis, ctx.locale);
  const lines = [
    `📊 <b>${escapeHtml(weeklyReportTitle(input.report, ctx.locale))}</b>`,
    `${w.site}${escapeHtml(input.siteId)}`,
    '',
    ...(kpis.length > 0 ? kpis.map((k) => `${escapeHtml(k.label)}${w.colon}${escapeHtml(k.value)}`) : [w.empty]),
    '',
    `${w.generated}${formatDateTime(input.occurredAt, ctx.timeZone, ctx.locale)}`,
  ];
  return fitLines(lines);
}

export interface RecommendationInput {
  siteId: string;
  cleared: boolean;
  recommendation: ReportRecommendation;
}

const RECO_WORDS = {
  fr: { issued: 'Recommandation de maintenance', cleared: 'Recommandation levée', site: 'Site : ' },
  en: { issued: 'Maintenance recommendation', cleared: 'Recommendation cleared', site: 'Site: ' },
} as const;

/** A maintenance recommendation (or its clearing) as one Telegram message (HTML). */
export function renderRecommendation(input: RecommendationInput, ctx: RenderContext = DEFAULT_RENDER): string {
  const w = RECO_WORDS[ctx.locale];
  const r = input.recommendation;
  const severity: Severity = r.severity;
  const head = input.cleared
    ? `✅ <b>${w.cleared}</b>`
    : `🛠 <b>${w.issued}</b> — ${SEVERITY_EMOJI[severity]} ${SEVERITY_LABELS[ctx.locale][severity]}`;
  const lines = [head, escapeHtml(r.title), `${w.site}${escapeHtml(input.siteId)}`];
  if (!input.cleared && r.actions.length > 0) lines.push('', ...r.actions.map((a) => `• ${clipEscaped(a, 500)}`));
  return fitLines(lines);
}

const TEST_WORDS = {
  fr: '✅ <b>Vigie : notification de test</b>\nCe chat recevra les alertes auxquelles il est abonné.',
  en: '✅ <b>Vigie: test notification</b>\nThis chat will receive the alerts it subscribes to.',
} as const;

export function renderTestMessage(ctx: RenderContext = DEFAULT_RENDER): string {
  return TEST_WORDS[ctx.locale];
}

/** Keeps whole lines while under Telegram's limit; the cut is marked with `…`. */
export function fitLines(lines: readonly string[], max = TELEGRAM_MAX_CHARS): string {
  const text = lines.join('\n');
  if (text.length <= max) return text;
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 + 2 > max) break;
    kept.push(line);
    size += line.length + 1;
  }
  return [...kept, '…'].join('\n');
}
