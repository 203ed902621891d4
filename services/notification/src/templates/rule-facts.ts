import { formatDateTime, formatDuration, formatMoney, formatNumber, formatPercent } from './format';
import type { Locale, RenderContext } from './i18n';

export interface Fact {
  label: string;
  value: string;
}

type Details = Record<string, unknown>;
type Value = string | undefined;

const text = (d: Details, key: string): Value => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : undefined);
const num = (d: Details, key: string): number | undefined =>
  typeof d[key] === 'number' && Number.isFinite(d[key]) ? (d[key] as number) : undefined;

interface Formatters {
  locale: Locale;
  text(key: string): Value;
  euros(key: string): Value;
  count(key: string): Value;
  percent(key: string): Value;
  millis(key: string): Value;
  duration(key: string): Value;
  date(key: string): Value;
  /** `12 / 100` when both are numbers. */
  ratio(part: string, whole: string): Value;
}

function formatters(d: Details, ctx: RenderContext): Formatters {
  const { locale } = ctx;
  const map = (key: string, f: (n: number) => string) => {
    const n = num(d, key);
    return n === undefined ? undefined : f(n);
  };
  return {
    locale,
    text: (key) => text(d, key),
    euros: (key) => map(key, (n) => formatMoney(n, locale)),
    count: (key) => map(key, (n) => formatNumber(n, locale)),
    percent: (key) => map(key, (n) => formatPercent(n, locale)),
    millis: (key) => map(key, (n) => `${formatNumber(n, locale, 0)} ms`),
    duration: (key) => map(key, (n) => formatDuration(n, locale)),
    date: (key) => {
      const v = text(d, key);
      return v && !Number.isNaN(Date.parse(v)) ? formatDateTime(v, ctx.timeZone, locale) : undefined;
    },
    ratio: (part, whole) => {
      const p = num(d, part);
      const w = num(d, whole);
      return p === undefined || w === undefined ? undefined : `${formatNumber(p, locale)} / ${formatNumber(w, locale)}`;
    },
  };
}

type FactList = [fr: string, en: string, value: Value][];

/**
 * The key facts of an alert's `details`, per rule (the fields each detector of the anomaly service
 * writes). Only ids, counts, amounts and times: details never carry names, and a field with an
 * unexpected type is left out rather than shown wrong.
 */
export const FACTS: Readonly<Record<string, (f: Formatters) => FactList>> = {
  'cash.variance': (f) => [
    ['Caisse', 'Register', f.text('registerId')],
    ['Écart', 'Variance', f.euros('variance')],
    ['Seuil', 'Threshold', f.euros('threshold')],
    ['Session', 'Session', f.text('sessionId')],
  ],
  'cash.variance-repeated': (f) => [
    ['Caisse', 'Register', f.text('registerId')],
    ['Sessions en écart', 'Sessions with a variance', f.count('count')],
    ['Seuil', 'Threshold', f.euros('varianceAbove')],
    ['Période (jours)', 'Window (days)', f.count('windowDays')],
  ],
  'sync.consecutive-failures': (f) => [
    ['Cible', 'Target', f.text('target')],
    ['Échecs consécutifs', 'Consecutive failures', f.count('consecutiveFailures')],
    ['Dernière erreur', 'Last error', f.text('lastErrorCode')],
  ],
  'sync.stale': (f) => [
    ['Cible', 'Target', f.text('target')],
    ['Dernier succès', 'Last success', f.date('lastSuccessAt') ?? (f.locale === 'en' ? 'never' : 'jamais')],
    ['En retard depuis', 'Overdue for', f.duration('staleForMs')],
  ],
  'ai.error-rate': (f) => [
    ['Modèle', 'Model', f.text('model')],
    ["Taux d'échec", 'Failure rate', f.percent('failureRatePercent')],
    ['Échecs', 'Failures', f.ratio('failures', 'classifications')],
  ],
  'ai.slow': (f) => [
    ['Modèle', 'Model', f.text('model')],
    ['Latence', 'Latency', f.millis('latencyMs')],
    ['Seuil', 'Threshold', f.millis('latencyAboveMs')],
  ],
  'ai.low-confidence': (f) => [
    ['Modèle', 'Model', f.text('model')],
    ['Part peu sûre', 'Low-confidence share', f.percent('lowSharePercent')],
    ['Classifications peu sûres', 'Low-confidence classifications', f.ratio('lowConfidence', 'classifications')],
  ],
  'auth.failure-burst': (f) => [
    ['Identifiant (opaque)', 'Principal (opaque)', f.text('principal')],
    ['Échecs', 'Failures', f.count('failures')],
    ['Fenêtre (min)', 'Window (min)', f.count('windowMinutes')],
    ['Canal', 'Channel', f.text('lastChannel')],
  ],
  'service.down': (f) => [
    ['Service', 'Service', f.text('service')],
    ['Silencieux depuis', 'Silent for', f.duration('silentForMs')],
    ['Dernier signe de vie', 'Last heartbeat', f.date('lastHeartbeatAt')],
  ],
  'service.unhealthy': (f) => [
    ['Service', 'Service', f.text('target')],
    ['Sondes en échec', 'Failed probes', f.count('consecutiveFailures')],
    ['Dernier statut HTTP', 'Last HTTP status', f.count('lastStatus') ?? (f.locale === 'en' ? 'no answer' : 'pas de réponse')],
  ],
  'pipeline.dead-letter': (f) => [
    ['Flux', 'Stream', f.text('stream')],
    ['Consommateur', 'Consumer', f.text('durable')],
    ['Cause', 'Kind', f.text('kind')],
    ['Type', 'Type', f.text('eventType')],
  ],
  'pipeline.consumer-lag': (f) => [
    ['Consommateur', 'Consumer', f.text('consumer')],
    ['Flux', 'Stream', f.text('stream')],
    ['Non traités', 'Unprocessed', f.count('lag')],
    ['Seuil', 'Threshold', f.count('pendingAbove')],
    ['Depuis', 'For', f.duration('aboveForMs')],
  ],
  'job.failed': (f) => [
    ['Tâche', 'Job', f.text('job')],
    ['Échecs consécutifs', 'Consecutive failures', f.count('consecutiveFailures')],
    ['Durée', 'Duration', f.millis('durationMs')],
  ],
  'job.missed': (f) => [
    ['Tâche', 'Job', f.text('job')],
    ['Prévue le', 'Due', f.date('dueAt')],
    ['En retard de', 'Late by', f.duration('lateMs')],
    ['Dernière exécution', 'Last run', f.date('lastRunAt') ?? (f.locale === 'en' ? 'never' : 'jamais')],
  ],
};

export function factsOf(ruleId: string, details: Details, ctx: RenderContext): Fact[] {
  const pick = FACTS[ruleId];
  if (!pick) return [];
  return pick(formatters(details, ctx))
    .filter((f): f is [string, string, string] => f[2] !== undefined)
    .map(([fr, en, value]) => ({ label: ctx.locale === 'en' ? en : fr, value }));
}
