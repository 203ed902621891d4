import { clipEscaped, escapeHtml, formatDuration, packLines, shortId, TELEGRAM_MAX_CHARS, type PackedText } from './format';
import { anomalyDurationMs, type AlertMessageInput } from './alert-message';
import { DEFAULT_RENDER, RULE_LABELS, SEVERITY_EMOJI, SEVERITY_LABELS, type Locale, type RenderContext } from './i18n';

/** Raw characters of an alert title kept in a digest line. */
const TITLE_MAX = 120;

const WORDS = {
  fr: {
    header: (n: number) => `🔔 <b>Résumé : ${n} notification${n > 1 ? 's' : ''}</b>`,
    resolved: 'Résolue',
    escalated: 'aggravée',
    duration: 'durée',
    footer: 'Détails : /alerts · Acquitter : /ack ID · Sourdine : /silence ID 1h',
  },
  en: {
    header: (n: number) => `🔔 <b>Digest: ${n} notification${n > 1 ? 's' : ''}</b>`,
    resolved: 'Resolved',
    escalated: 'escalated',
    duration: 'lasted',
    footer: 'Details: /alerts · Acknowledge: /ack ID · Silence: /silence ID 1h',
  },
} as const;

/** One line of a digest: what, where, which anomaly. */
export function digestLine(input: AlertMessageInput, locale: Locale): string {
  const { alert } = input;
  const w = WORDS[locale];
  const rule = RULE_LABELS[locale][alert.ruleId];
  const id = `<code>${escapeHtml(shortId(alert.anomalyId))}</code>`;
  const title = clipEscaped(alert.title, TITLE_MAX);
  const site = escapeHtml(input.siteId);
  if (input.transition === 'resolved') {
    const head = `✅ <b>${escapeHtml(rule ? `${w.resolved} — ${rule}` : w.resolved)}</b>`;
    const duration = anomalyDurationMs(input);
    const lasted = duration === undefined ? '' : ` · ${w.duration} ${formatDuration(duration, locale)}`;
    return `${head} — ${title} · ${site}${lasted} · ${id}`;
  }
  const label = SEVERITY_LABELS[locale][alert.severity];
  const what = escapeHtml(rule ? `${label} — ${rule}` : label);
  const escalated = input.transition === 'escalated' ? ` (${w.escalated})` : '';
  return `${SEVERITY_EMOJI[alert.severity]} <b>${what}</b>${escalated} — ${title} · ${site} · ${id}`;
}

/**
 * Several alerts for one chat as one message — or as few as fit, each under 4096 characters with
 * `(k/n)` in its heading — oldest first. Each part says how many of the items it carries.
 */
export function renderDigest(items: readonly AlertMessageInput[], ctx: RenderContext = DEFAULT_RENDER): PackedText[] {
  const w = WORDS[ctx.locale];
  const header = w.header(items.length);
  return packLines(
    items.map((i) => digestLine(i, ctx.locale)),
    TELEGRAM_MAX_CHARS,
    (part, total) => (total > 1 ? `${header} (${part}/${total})` : header),
    w.footer,
  );
}
