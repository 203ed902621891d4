import { formatEuros } from '@vigie/contracts';

export interface Fact {
  label: string;
  value: string;
}

/** What admins call each rule (shared/DOMAIN.md words); a rule missing here shows its alert title only. */
export const RULE_LABELS: Readonly<Record<string, string>> = {
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
};

type Details = Record<string, unknown>;

const text = (d: Details, key: string) => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : undefined);
const euros = (d: Details, key: string) =>
  typeof d[key] === 'number' && Number.isFinite(d[key]) ? formatEuros(d[key] as number) : undefined;

/**
 * The key facts of an alert's `details`, per rule. Only ids and amounts: details never carry names,
 * and a field with an unexpected type is left out rather than shown wrong.
 */
const FACTS: Readonly<Record<string, (d: Details) => [string, string | undefined][]>> = {
  'cash.variance': (d) => [
    ['Caisse', text(d, 'registerId')],
    ['Écart', euros(d, 'variance')],
    ['Seuil', euros(d, 'threshold')],
    ['Session', text(d, 'sessionId')],
  ],
};

export function factsOf(ruleId: string, details: Details): Fact[] {
  const pick = FACTS[ruleId];
  if (!pick) return [];
  return pick(details)
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([label, value]) => ({ label, value }));
}
