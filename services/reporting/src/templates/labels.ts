/** French names of the default rules (ARCHITECTURE.md); an unknown rule shows its id. */
export const RULE_LABELS: Record<string, string> = {
  'cash.variance': 'Écart de caisse',
  'cash.variance-repeated': 'Écarts de caisse répétés',
  'sync.consecutive-failures': 'Échecs de synchronisation',
  'sync.stale': 'Synchronisation en retard',
  'ai.error-rate': 'Erreurs de classification IA',
  'ai.slow': 'IA lente',
  'ai.low-confidence': 'IA peu confiante',
  'auth.failure-burst': 'Tentatives de connexion échouées',
  'service.down': 'Service indisponible',
  'service.unhealthy': 'Service en mauvaise santé',
  'pipeline.dead-letter': 'Message en lettre morte',
  'pipeline.consumer-lag': 'Retard de traitement',
  'job.failed': 'Tâche planifiée en échec',
  'job.missed': 'Tâche planifiée non exécutée',
};

export function ruleLabel(ruleId: string): string {
  return RULE_LABELS[ruleId] ?? ruleId;
}

export const SEVERITY_FR = { critical: 'critique', warning: 'avertissement', info: 'info' } as const;
export const SEVERITY_FR_PLURAL = { critical: 'critiques', warning: 'avertissements', info: 'infos' } as const;
export const SEVERITY_EMOJI = { critical: '🔴', warning: '🟠', info: '🔵' } as const;
