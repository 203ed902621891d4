import type { Severity } from '@vigie/contracts';
import { formatClock, type MuteSettings } from '../domain/quiet-hours';
import type { Subscription } from '../domain/subscriptions';
import { clipEscaped, escapeHtml, formatDateTime, formatDuration, shortId, TELEGRAM_MAX_CHARS } from './format';
import { RULE_LABELS, SEVERITY_EMOJI, SEVERITY_LABELS, topicLabel, type Locale, type RenderContext } from './i18n';
import { fitLines } from './report-message';

/** The bot's own words, per language. Every variable goes through escapeHtml. */
export interface BotTexts {
  refusal: string;
  linkInvalid: string;
  linkLockedOut: string;
  linked: string;
  alreadyLinked: string;
  welcome: string;
  helpHeader: string;
  unknownCommand(name: string): string;
  usage(usage: string): string;
  anomalyServiceDown: string;
  acked(id: string): string;
  silenced(id: string, minutes: number): string;
  silencedRule(rule: string, count: number, minutes: number): string;
  noOpenForRule(rule: string): string;
  notFound(id: string): string;
  ambiguous(id: string, candidates: string[]): string;
  refused(message: string): string;
  buttonAcked: string;
  buttonSilenced(minutes: number): string;
  noReport: string;
  saved: string;
  subscriptionsIntro: string;
  subscriptionSet(sub: Subscription): string;
  unknownTopic(topic: string): string;
  muteState(settings: MuteSettings, now: Date): string;
  muteOff: string;
  langSet: string;
  timezoneSet(tz: string): string;
  badTimezone(tz: string): string;
  testResult(results: TestLine[]): string;
}

export interface TestLine {
  channel: 'telegram' | 'email';
  ok: boolean;
  detail: string;
}

const FR: BotTexts = {
  refusal:
    "⛔ Ce chat n'est pas autorisé à utiliser Vigie.\nUn administrateur peut obtenir un code de liaison dans le tableau de bord, puis l'envoyer ici : /link CODE",
  linkInvalid: '⛔ Code de liaison invalide ou expiré. Demandez-en un nouveau dans le tableau de bord.',
  linkLockedOut: '⛔ Trop de codes erronés : réessayez dans quelques minutes.',
  linked: '✅ Chat lié à Vigie. Il recevra les alertes à partir de « Avertissement ».\nRéglages : /subscriptions · Aide : /help',
  alreadyLinked: 'Ce chat est déjà lié à Vigie.',
  welcome: '👋 Vigie surveille vos caisses, synchronisations, classifications IA et services.\nCommandes : /help',
  helpHeader: '<b>Commandes Vigie</b>',
  unknownCommand: (name) => `Commande inconnue : /${escapeHtml(name)}. Voir /help`,
  usage: (usage) => `Usage : ${escapeHtml(usage)}`,
  anomalyServiceDown: '⚠️ Le service des anomalies est injoignable pour le moment. Réessayez plus tard.',
  acked: (id) => `✅ Anomalie <code>${escapeHtml(shortId(id))}</code> acquittée.`,
  silenced: (id, minutes) => `🔕 Anomalie <code>${escapeHtml(shortId(id))}</code> en sourdine pour ${formatDuration(minutes * 60_000, 'fr')}.`,
  silencedRule: (rule, count, minutes) =>
    `🔕 ${count} anomalie${count > 1 ? 's' : ''} « ${escapeHtml(RULE_LABELS.fr[rule] ?? rule)} » en sourdine pour ${formatDuration(minutes * 60_000, 'fr')}.`,
  noOpenForRule: (rule) => `Aucune anomalie ouverte pour la règle ${escapeHtml(rule)}.`,
  notFound: (id) => `Anomalie introuvable : <code>${escapeHtml(id)}</code>`,
  ambiguous: (id, candidates) =>
    `Plusieurs anomalies commencent par <code>${escapeHtml(id)}</code> : ${candidates.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}`,
  refused: (message) => `⛔ Refusé : ${escapeHtml(message)}`,
  buttonAcked: '✅ Acquittée',
  buttonSilenced: (minutes) => `🔕 En sourdine ${formatDuration(minutes * 60_000, 'fr')}`,
  noReport: "Aucun rapport hebdomadaire pour l'instant.",
  saved: 'Enregistré',
  subscriptionsIntro:
    '🔔 <b>Abonnements</b>\nTouchez un thème pour changer la gravité minimale (info → avertissement → critique → désactivé) ; ✅/❌ : avis de résolution.',
  subscriptionSet: (sub) =>
    sub.enabled
      ? `✅ ${escapeHtml(topicLabel(sub.topic, 'fr'))} (<code>${escapeHtml(sub.topic)}</code>) : à partir de « ${SEVERITY_LABELS.fr[sub.minSeverity]} », avis de résolution : ${sub.resolved ? 'oui' : 'non'}.`
      : `🔕 ${escapeHtml(topicLabel(sub.topic, 'fr'))} (<code>${escapeHtml(sub.topic)}</code>) : désactivé.`,
  unknownTopic: (topic) =>
    `Thème inconnu : ${escapeHtml(topic)}. Thèmes : cash, sync, ai, auth, service, pipeline, une règle (cash.variance), report.weekly, report.recommendation.`,
  muteState: (s, now) => muteState('fr', s, now),
  muteOff: '🔔 Sourdine levée : toutes les alertes arrivent.',
  langSet: '✅ Langue : français.',
  timezoneSet: (tz) => `✅ Fuseau horaire : ${escapeHtml(tz)}.`,
  badTimezone: (tz) => `Fuseau horaire inconnu : ${escapeHtml(tz)} (exemple : Europe/Paris).`,
  testResult: (lines) => ['🧪 <b>Notification de test</b>', ...lines.map((l) => testLine(l, 'fr'))].join('\n'),
};

const EN: BotTexts = {
  refusal: '⛔ This chat may not use Vigie.\nAn administrator can get a link code from the dashboard and send it here: /link CODE',
  linkInvalid: '⛔ Invalid or expired link code. Ask the dashboard for a new one.',
  linkLockedOut: '⛔ Too many wrong codes: try again in a few minutes.',
  linked: '✅ Chat linked to Vigie. It will receive alerts from « Warning » up.\nSettings: /subscriptions · Help: /help',
  alreadyLinked: 'This chat is already linked to Vigie.',
  welcome: '👋 Vigie watches your cash registers, syncs, AI classifications and services.\nCommands: /help',
  helpHeader: '<b>Vigie commands</b>',
  unknownCommand: (name) => `Unknown command: /${escapeHtml(name)}. See /help`,
  usage: (usage) => `Usage: ${escapeHtml(usage)}`,
  anomalyServiceDown: '⚠️ The anomaly service cannot be reached right now. Try again later.',
  acked: (id) => `✅ Anomaly <code>${escapeHtml(shortId(id))}</code> acknowledged.`,
  silenced: (id, minutes) => `🔕 Anomaly <code>${escapeHtml(shortId(id))}</code> silenced for ${formatDuration(minutes * 60_000, 'en')}.`,
  silencedRule: (rule, count, minutes) =>
    `🔕 ${count} « ${escapeHtml(RULE_LABELS.en[rule] ?? rule)} » anomal${count > 1 ? 'ies' : 'y'} silenced for ${formatDuration(minutes * 60_000, 'en')}.`,
  noOpenForRule: (rule) => `No open anomaly for rule ${escapeHtml(rule)}.`,
  notFound: (id) => `No such anomaly: <code>${escapeHtml(id)}</code>`,
  ambiguous: (id, candidates) =>
    `Several anomalies start with <code>${escapeHtml(id)}</code>: ${candidates.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}`,
  refused: (message) => `⛔ Refused: ${escapeHtml(message)}`,
  buttonAcked: '✅ Acknowledged',
  buttonSilenced: (minutes) => `🔕 Silenced ${formatDuration(minutes * 60_000, 'en')}`,
  noReport: 'No weekly report yet.',
  saved: 'Saved',
  subscriptionsIntro: '🔔 <b>Subscriptions</b>\nTap a topic to change its minimum severity (info → warning → critical → off); ✅/❌: resolution notices.',
  subscriptionSet: (sub) =>
    sub.enabled
      ? `✅ ${escapeHtml(topicLabel(sub.topic, 'en'))} (<code>${escapeHtml(sub.topic)}</code>): from « ${SEVERITY_LABELS.en[sub.minSeverity]} », resolution notices: ${sub.resolved ? 'yes' : 'no'}.`
      : `🔕 ${escapeHtml(topicLabel(sub.topic, 'en'))} (<code>${escapeHtml(sub.topic)}</code>): off.`,
  unknownTopic: (topic) =>
    `Unknown topic: ${escapeHtml(topic)}. Topics: cash, sync, ai, auth, service, pipeline, a rule (cash.variance), report.weekly, report.recommendation.`,
  muteState: (s, now) => muteState('en', s, now),
  muteOff: '🔔 Mute lifted: every alert comes through.',
  langSet: '✅ Language: English.',
  timezoneSet: (tz) => `✅ Time zone: ${escapeHtml(tz)}.`,
  badTimezone: (tz) => `Unknown time zone: ${escapeHtml(tz)} (e.g. Europe/Paris).`,
  testResult: (lines) => ['🧪 <b>Test notification</b>', ...lines.map((l) => testLine(l, 'en'))].join('\n'),
};

export const BOT_TEXTS: Readonly<Record<Locale, BotTexts>> = { fr: FR, en: EN };

function testLine(line: TestLine, locale: Locale): string {
  const name = line.channel === 'telegram' ? 'Telegram' : 'E-mail';
  const verdict = line.ok ? (locale === 'en' ? 'sent' : 'envoyée') : locale === 'en' ? 'FAILED' : 'ÉCHEC';
  return `${line.ok ? '✅' : '❌'} ${name} : ${verdict}${line.detail ? ` — ${escapeHtml(line.detail)}` : ''}`.replace(' : ', locale === 'en' ? ': ' : ' : ');
}

function muteState(locale: Locale, s: MuteSettings, now: Date): string {
  const en = locale === 'en';
  const lines: string[] = [];
  if (s.mutedUntil && s.mutedUntil.getTime() > now.getTime()) {
    lines.push(`${en ? '🔕 Muted until' : "🔕 En sourdine jusqu'au"} ${formatDateTime(s.mutedUntil, s.timeZone, locale)}`);
  }
  if (s.quietHours) {
    lines.push(
      `${en ? '🌙 Quiet hours' : '🌙 Heures calmes'}${en ? ': ' : ' : '}${formatClock(s.quietHours.start)}–${formatClock(s.quietHours.end)} (${escapeHtml(s.timeZone)})`,
    );
  }
  if (lines.length === 0) lines.push(en ? '🔔 No mute: every alert comes through.' : '🔔 Pas de sourdine : toutes les alertes arrivent.');
  else lines.push(en ? 'Critical alerts always come through; the others wait and arrive as a digest.' : 'Les alertes critiques passent toujours ; les autres attendent et arrivent en résumé.');
  lines.push(en ? 'Usage: /mute 22:00-07:00 · /mute 2h · /mute off' : 'Usage : /mute 22:00-07:00 · /mute 2h · /mute off');
  return lines.join('\n');
}

export interface TargetLine {
  name: string;
  up: boolean | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  failingSince: string | null;
}

export interface StatusInput {
  /** Undefined when the monitor could not be asked. */
  targets?: TargetLine[];
  /** Open anomalies by severity; undefined when the anomaly service could not be asked. */
  open?: Record<Severity, number>;
}

/** `/status`: every service as the monitor sees it, and open anomalies by severity. */
export function renderStatus(input: StatusInput, ctx: RenderContext): string {
  const en = ctx.locale === 'en';
  const colon = en ? ': ' : ' : ';
  const lines = [en ? '📊 <b>Vigie status</b>' : '📊 <b>État de Vigie</b>', '', `<b>${en ? 'Services' : 'Services'}</b>`];
  if (!input.targets) {
    lines.push(en ? '⚠️ the monitor cannot be reached' : '⚠️ moniteur injoignable');
  } else {
    for (const t of input.targets) {
      const name = escapeHtml(t.name);
      if (t.up === null) lines.push(`❔ ${name} — ${en ? 'not probed yet' : 'pas encore sondé'}`);
      else if (t.up) lines.push(`✅ ${name}${t.lastLatencyMs !== null ? ` (${t.lastLatencyMs} ms)` : ''}`);
      else {
        const since = t.failingSince ? ` — ${en ? 'since' : 'depuis le'} ${formatDateTime(t.failingSince, ctx.timeZone, ctx.locale)}` : '';
        lines.push(`❌ ${name}${t.lastError ? ` — ${clipEscaped(t.lastError, 120)}` : ''}${since}`);
      }
    }
  }
  lines.push('');
  if (!input.open) {
    lines.push(`<b>${en ? 'Open anomalies' : 'Anomalies ouvertes'}</b>${colon}${en ? 'the anomaly service cannot be reached' : 'service des anomalies injoignable'}`);
  } else {
    const total = input.open.critical + input.open.warning + input.open.info;
    lines.push(`<b>${en ? 'Open anomalies' : 'Anomalies ouvertes'}</b>${colon}${total}`);
    lines.push(
      (['critical', 'warning', 'info'] as const)
        .map((s) => `${SEVERITY_EMOJI[s]} ${SEVERITY_LABELS[ctx.locale][s]}${colon}${input.open![s]}`)
        .join(' · '),
    );
  }
  return fitLines(lines, TELEGRAM_MAX_CHARS);
}

export interface AlertsInput {
  items: { anomalyId: string; ruleId: string; siteId: string; severity: Severity; title: string; lastSeenAt: string }[];
  total: number;
}

/** `/alerts`: the open anomalies, most severe and most recent first. */
export function renderOpenAlerts(input: AlertsInput, ctx: RenderContext): string {
  const en = ctx.locale === 'en';
  if (input.total === 0) return en ? '✅ No open anomaly.' : '✅ Aucune anomalie ouverte.';
  const lines = [`🔔 <b>${en ? 'Open anomalies' : 'Anomalies ouvertes'}${en ? ': ' : ' : '}${input.total}</b>`];
  for (const a of input.items) {
    const rule = RULE_LABELS[ctx.locale][a.ruleId];
    const label = SEVERITY_LABELS[ctx.locale][a.severity];
    lines.push(
      `${SEVERITY_EMOJI[a.severity]} <b>${escapeHtml(rule ? `${label} — ${rule}` : label)}</b> — ${clipEscaped(a.title, 120)} · ${escapeHtml(a.siteId)} · <code>${escapeHtml(shortId(a.anomalyId))}</code>`,
    );
  }
  if (input.items.length < input.total) {
    lines.push(en ? `(${input.items.length} of ${input.total}: the dashboard lists them all)` : `(${input.items.length} sur ${input.total} : le tableau de bord les liste toutes)`);
  }
  lines.push(en ? 'Acknowledge: /ack ID · Silence: /silence ID 1h' : 'Acquitter : /ack ID · Sourdine : /silence ID 1h');
  return fitLines(lines, TELEGRAM_MAX_CHARS);
}

/** The label of a /subscriptions button: topic and its minimum severity, or off. */
export function subscriptionButton(sub: Subscription, locale: Locale): string {
  const level = sub.enabled ? `${SEVERITY_EMOJI[sub.minSeverity]} ${SEVERITY_LABELS[locale][sub.minSeverity]}+` : locale === 'en' ? '🔕 off' : '🔕 désactivé';
  return `${topicLabel(sub.topic, locale)} : ${level}`.replace(' : ', locale === 'en' ? ': ' : ' : ');
}

export function resolvedButton(sub: Subscription, locale: Locale): string {
  return `${sub.resolved ? '✅' : '❌'} ${locale === 'en' ? 'resolved' : 'résolues'}`;
}
