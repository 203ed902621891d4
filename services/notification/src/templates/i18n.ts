import type { Severity } from '@vigie/contracts';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** How a message is written for one chat: its language and the time zone its times are shown in. */
export interface RenderContext {
  locale: Locale;
  timeZone: string;
}

export const DEFAULT_RENDER: RenderContext = { locale: 'fr', timeZone: 'Europe/Paris' };

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export const SEVERITY_LABELS: Readonly<Record<Locale, Readonly<Record<Severity, string>>>> = {
  fr: { info: 'Info', warning: 'Avertissement', critical: 'Critique' },
  en: { info: 'Info', warning: 'Warning', critical: 'Critical' },
};

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

/** What admins call each rule (shared/DOMAIN.md words); a rule missing here shows its alert title only. */
export const RULE_LABELS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  fr: {
    'cash.variance': 'Écart de caisse',
    'cash.variance-repeated': 'Écarts de caisse répétés',
    'sync.consecutive-failures': 'Échec de synchronisation',
    'sync.stale': 'Synchronisation en retard',
    'ai.error-rate': 'Erreur de classification IA',
    'ai.slow': 'Classification IA lente',
    'ai.low-confidence': 'Classification IA peu sûre',
    'auth.failure-burst': 'Tentatives de connexion échouées',
    'service.down': 'Service indisponible',
    'service.unhealthy': 'Service en erreur',
    'pipeline.dead-letter': 'Message rejeté par le pipeline',
    'pipeline.consumer-lag': 'Retard de traitement',
    'job.failed': 'Tâche planifiée en échec',
    'job.missed': 'Tâche planifiée non exécutée',
  },
  en: {
    'cash.variance': 'Cash variance',
    'cash.variance-repeated': 'Repeated cash variances',
    'sync.consecutive-failures': 'Sync failure',
    'sync.stale': 'Sync overdue',
    'ai.error-rate': 'AI classification errors',
    'ai.slow': 'Slow AI classification',
    'ai.low-confidence': 'Low-confidence AI classification',
    'auth.failure-burst': 'Failed login attempts',
    'service.down': 'Service unavailable',
    'service.unhealthy': 'Service failing',
    'pipeline.dead-letter': 'Message rejected by the pipeline',
    'pipeline.consumer-lag': 'Processing backlog',
    'job.failed': 'Scheduled job failed',
    'job.missed': 'Scheduled job did not run',
  },
};

/** Names of the subscription topics, as the bot's /subscriptions shows them. */
export const TOPIC_LABELS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  fr: {
    'cash.*': 'Caisse',
    'sync.*': 'Synchronisation',
    'ai.*': 'IA',
    'auth.*': 'Connexions',
    'service.*': 'Services',
    'pipeline.*': 'Pipeline',
    'job.*': 'Tâches planifiées',
    'report.weekly': 'Rapport hebdomadaire',
    'report.recommendation': 'Recommandations',
  },
  en: {
    'cash.*': 'Cash',
    'sync.*': 'Sync',
    'ai.*': 'AI',
    'auth.*': 'Logins',
    'service.*': 'Services',
    'pipeline.*': 'Pipeline',
    'job.*': 'Scheduled jobs',
    'report.weekly': 'Weekly report',
    'report.recommendation': 'Recommendations',
  },
};

export function topicLabel(topic: string, locale: Locale): string {
  return TOPIC_LABELS[locale][topic] ?? RULE_LABELS[locale][topic] ?? topic;
}
