import type { AnomalyAlert, Severity } from '@vigie/contracts';
import { escapeHtml, formatDuration, formatParisDateTime, shortId } from './format';
import { factsOf, RULE_LABELS } from './rule-facts';

export type AlertTransition = 'raised' | 'escalated' | 'resolved';

export interface AlertMessageInput {
  transition: AlertTransition;
  siteId: string;
  /** Event time of the transition (the envelope's `occurredAt`). */
  occurredAt: string;
  alert: AnomalyAlert;
  /** The severity admins were last told, shown on an escalation. */
  previousSeverity?: Severity;
}

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  info: 'Info',
  warning: 'Avertissement',
  critical: 'Critique',
};

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

/** The French Telegram message (parse_mode HTML) announcing one anomaly transition. */
export function renderAlertMessage(input: AlertMessageInput): string {
  const { alert } = input;
  const rule = RULE_LABELS[alert.ruleId];
  const lines: string[] = [];
  if (input.transition === 'resolved') {
    lines.push(`✅ <b>${escapeHtml(rule ? `Résolue — ${rule}` : 'Résolue')}</b>`);
  } else {
    const label = SEVERITY_LABELS[alert.severity];
    lines.push(`${SEVERITY_EMOJI[alert.severity]} <b>${escapeHtml(rule ? `${label} — ${rule}` : label)}</b>`);
  }
  lines.push(escapeHtml(alert.title));
  lines.push(`Site : ${escapeHtml(input.siteId)}`);
  if (input.transition === 'escalated' && input.previousSeverity) {
    lines.push(`Aggravation : ${SEVERITY_LABELS[input.previousSeverity]} → ${SEVERITY_LABELS[alert.severity]}`);
  }

  if (input.transition === 'resolved') {
    lines.push('', `Résolue le ${formatParisDateTime(alert.resolvedAt ?? input.occurredAt)}`);
    if (alert.durationMs !== undefined) lines.push(`Durée : ${formatDuration(alert.durationMs)}`);
  } else {
    if (alert.summary) lines.push('', escapeHtml(alert.summary));
    const facts = factsOf(alert.ruleId, alert.details);
    if (facts.length > 0) lines.push('', ...facts.map((f) => `${escapeHtml(f.label)} : ${escapeHtml(f.value)}`));
    lines.push('', `Détectée le ${formatParisDateTime(alert.firstSeenAt ?? input.occurredAt)}`);
    if (alert.count !== undefined && alert.count > 1) lines.push(`Occurrences : ${alert.count}`);
  }
  lines.push(`Anomalie <code>${escapeHtml(shortId(alert.anomalyId))}</code>`);
  return lines.join('\n');
}
