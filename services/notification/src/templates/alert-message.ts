import type { AnomalyAlert, Severity } from '@vigie/contracts';
import { clipEscaped, escapeHtml, formatDateTime, formatDuration, shortId, TELEGRAM_MAX_CHARS } from './format';
import { DEFAULT_RENDER, RULE_LABELS, SEVERITY_EMOJI, SEVERITY_LABELS, type Locale, type RenderContext } from './i18n';
import { factsOf } from './rule-facts';

export type AlertTransition = 'raised' | 'escalated' | 'resolved';

/** An alert as a delivery keeps it: the event's data without its evidence list. */
export type AlertData = Omit<AnomalyAlert, 'evidence'>;

export interface AlertMessageInput {
  transition: AlertTransition;
  siteId: string;
  /** Event time of the transition (the envelope's `occurredAt`). */
  occurredAt: string;
  alert: AlertData;
  /** The severity admins were last told, shown on an escalation. */
  previousSeverity?: Severity;
}

const WORDS = {
  fr: {
    resolved: 'Résolue',
    site: 'Site : ',
    escalation: 'Aggravation : ',
    detected: 'Détectée le ',
    resolvedAt: 'Résolue le ',
    duration: 'Durée : ',
    occurrences: 'Occurrences : ',
    anomaly: 'Anomalie ',
    colon: ' : ',
  },
  en: {
    resolved: 'Resolved',
    site: 'Site: ',
    escalation: 'Escalation: ',
    detected: 'Detected ',
    resolvedAt: 'Resolved ',
    duration: 'Duration: ',
    occurrences: 'Occurrences: ',
    anomaly: 'Anomaly ',
    colon: ': ',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** Raw characters kept of a fact value (values are ids and numbers; a longer one is cut). */
const FACT_MAX = 200;

/** How long an anomaly lasted: the event's `durationMs`, else from first seen to resolution. */
export function anomalyDurationMs(input: Pick<AlertMessageInput, 'alert' | 'occurredAt'>): number | undefined {
  const { alert } = input;
  if (alert.durationMs !== undefined) return alert.durationMs;
  if (!alert.firstSeenAt) return undefined;
  const end = Date.parse(alert.resolvedAt ?? input.occurredAt);
  const start = Date.parse(alert.firstSeenAt);
  return Number.isFinite(end - start) && end >= start ? end - start : undefined;
}

export function alertHeading(input: AlertMessageInput, locale: Locale): string {
  const rule = RULE_LABELS[locale][input.alert.ruleId];
  if (input.transition === 'resolved') {
    const word = WORDS[locale].resolved;
    return `✅ <b>${escapeHtml(rule ? `${word} — ${rule}` : word)}</b>`;
  }
  const label = SEVERITY_LABELS[locale][input.alert.severity];
  return `${SEVERITY_EMOJI[input.alert.severity]} <b>${escapeHtml(rule ? `${label} — ${rule}` : label)}</b>`;
}

/** The Telegram message (parse_mode HTML) announcing one anomaly transition; never over 4096 characters. */
export function renderAlertMessage(input: AlertMessageInput, ctx: RenderContext = DEFAULT_RENDER): string {
  const render = (summaryMax: number) => buildAlertMessage(input, ctx, summaryMax);
  const full = render(Number.POSITIVE_INFINITY);
  if (full.length <= TELEGRAM_MAX_CHARS) return full;
  // Only the summary is long enough to matter (title ≤ 200, facts clipped): give it what is left.
  const withoutSummary = render(0).length;
  return render(Math.max(0, TELEGRAM_MAX_CHARS - withoutSummary - 2));
}

function buildAlertMessage(input: AlertMessageInput, ctx: RenderContext, summaryMax: number): string {
  const { alert } = input;
  const w = WORDS[ctx.locale];
  const labels = SEVERITY_LABELS[ctx.locale];
  const lines: string[] = [alertHeading(input, ctx.locale), escapeHtml(alert.title), `${w.site}${escapeHtml(input.siteId)}`];
  if (input.transition === 'escalated' && input.previousSeverity) {
    lines.push(`${w.escalation}${labels[input.previousSeverity]} → ${labels[alert.severity]}`);
  }
  if (input.transition === 'resolved') {
    lines.push('', `${w.resolvedAt}${formatDateTime(alert.resolvedAt ?? input.occurredAt, ctx.timeZone, ctx.locale)}`);
    const duration = anomalyDurationMs(input);
    if (duration !== undefined) lines.push(`${w.duration}${formatDuration(duration, ctx.locale)}`);
  } else {
    if (alert.summary && summaryMax > 0) lines.push('', clipEscaped(alert.summary, summaryMax));
    const facts = factsOf(alert.ruleId, alert.details, ctx);
    if (facts.length > 0) lines.push('', ...facts.map((f) => `${escapeHtml(f.label)}${w.colon}${clipEscaped(f.value, FACT_MAX)}`));
    lines.push('', `${w.detected}${formatDateTime(alert.firstSeenAt ?? input.occurredAt, ctx.timeZone, ctx.locale)}`);
    if (alert.count !== undefined && alert.count > 1) lines.push(`${w.occurrences}${alert.count}`);
  }
  lines.push(`${w.anomaly}<code>${escapeHtml(shortId(alert.anomalyId))}</code>`);
  return lines.join('\n');
}
