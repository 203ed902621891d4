import { escapeHtml, formatDateTime, formatDuration, shortId } from './format';
import { anomalyDurationMs, type AlertMessageInput } from './alert-message';
import { DEFAULT_RENDER, RULE_LABELS, SEVERITY_LABELS, type RenderContext } from './i18n';
import { kpiList, weeklyReportTitle, type WeeklyReportInput } from './report-message';
import { factsOf } from './rule-facts';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Subjects stay on one line whatever the event carries. */
function subjectLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 200);
}

function page(title: string, rows: [string, string][], paragraphs: string[]): string {
  const table = rows.length
    ? `<table cellpadding="4">${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`
    : '';
  return `<!doctype html><html><body><h2>${escapeHtml(title)}</h2>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${table}</body></html>`;
}

function text(title: string, rows: [string, string][], paragraphs: string[]): string {
  return [title, '', ...paragraphs, ...(paragraphs.length ? [''] : []), ...rows.map(([k, v]) => `${k} : ${v}`)].join('\n') + '\n';
}

/** The weekly report e-mail. */
export function weeklyReportEmail(input: WeeklyReportInput, ctx: RenderContext = DEFAULT_RENDER): EmailMessage {
  const title = `Vigie — ${weeklyReportTitle(input.report, ctx.locale)}`;
  const rows: [string, string][] = [
    ['Site', input.siteId],
    ...kpiList(input.report.kpis, ctx.locale).map((k): [string, string] => [k.label, k.value]),
  ];
  const generated = `${ctx.locale === 'en' ? 'Generated' : 'Généré le'} ${formatDateTime(input.occurredAt, ctx.timeZone, ctx.locale)}`;
  return { subject: subjectLine(title), text: text(title, rows, [generated]), html: page(title, rows, [generated]) };
}

/** A critical alert (or its resolution) by e-mail, for admins who asked for both channels. */
export function alertEmail(input: AlertMessageInput, ctx: RenderContext = DEFAULT_RENDER): EmailMessage {
  const { alert } = input;
  const rule = RULE_LABELS[ctx.locale][alert.ruleId] ?? alert.ruleId;
  const en = ctx.locale === 'en';
  const what = input.transition === 'resolved' ? (en ? 'Resolved' : 'Résolue') : SEVERITY_LABELS[ctx.locale][alert.severity];
  const title = `Vigie — ${what} — ${rule} — ${alert.title}`;
  const rows: [string, string][] = [
    ['Site', input.siteId],
    ...factsOf(alert.ruleId, alert.details, ctx).map((f): [string, string] => [f.label, f.value]),
    [en ? 'Anomaly' : 'Anomalie', shortId(alert.anomalyId)],
  ];
  const paragraphs: string[] = [];
  if (input.transition === 'resolved') {
    const duration = anomalyDurationMs(input);
    paragraphs.push(`${en ? 'Resolved' : 'Résolue le'} ${formatDateTime(alert.resolvedAt ?? input.occurredAt, ctx.timeZone, ctx.locale)}`);
    if (duration !== undefined) paragraphs.push(`${en ? 'Duration' : 'Durée'} : ${formatDuration(duration, ctx.locale)}`);
  } else {
    if (alert.summary) paragraphs.push(alert.summary);
    paragraphs.push(`${en ? 'Detected' : 'Détectée le'} ${formatDateTime(alert.firstSeenAt ?? input.occurredAt, ctx.timeZone, ctx.locale)}`);
  }
  return { subject: subjectLine(title), text: text(title, rows, paragraphs), html: page(title, rows, paragraphs) };
}

export function testEmail(ctx: RenderContext = DEFAULT_RENDER): EmailMessage {
  const en = ctx.locale === 'en';
  const title = en ? 'Vigie — test notification' : 'Vigie — notification de test';
  const body = en
    ? 'This address receives the weekly report (and critical alerts when enabled).'
    : 'Cette adresse reçoit le rapport hebdomadaire (et les alertes critiques si elles sont activées).';
  return { subject: title, text: text(title, [], [body]), html: page(title, [], [body]) };
}
