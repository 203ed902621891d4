import type { Severity } from '@vigie/contracts';
import { renderAlertMessage, type AlertData } from './alert-message';
import type { RenderContext } from './i18n';

/** A narrow no-break space: what fr-FR puts between thousands. */
const NNBSP = '\u202f';
const FR: RenderContext = { locale: 'fr', timeZone: 'Europe/Paris' };
const EN: RenderContext = { locale: 'en', timeZone: 'Europe/Paris' };

function alertOf(ruleId: string, details: Record<string, unknown>, severity: Severity = 'warning'): AlertData {
  return {
    anomalyId: 'anm-0123456789abcdef01234567',
    ruleId,
    ruleVersion: 1,
    severity,
    key: 'k',
    title: 'Titre de l’alerte',
    summary: 'Résumé venu du détecteur.',
    details,
    count: 1,
    firstSeenAt: '2026-11-30T07:00:00.000Z',
    lastSeenAt: '2026-11-30T07:00:00.000Z',
  };
}

const render = (alert: AlertData, ctx: RenderContext) =>
  renderAlertMessage({ transition: 'raised', siteId: 'site-1', occurredAt: '2026-11-30T07:00:00.000Z', alert }, ctx);

/** The lines every raised alert shares around its facts. */
function message(heading: string, facts: string[], ctx: RenderContext): string {
  const fr = ctx.locale === 'fr';
  return [
    heading,
    'Titre de l’alerte',
    fr ? 'Site : site-1' : 'Site: site-1',
    '',
    'Résumé venu du détecteur.',
    '',
    ...facts,
    '',
    fr ? 'Détectée le 30/11/2026 08:00' : 'Detected 2026-11-30 08:00',
    fr ? 'Anomalie <code>anm-01234567</code>' : 'Anomaly <code>anm-01234567</code>',
  ].join('\n');
}

/** Each rule with the details its detector (services/anomaly) writes, and the exact facts shown. */
const RULES: { ruleId: string; severity?: Severity; details: Record<string, unknown>; fr: [string, string[]]; en: [string, string[]] }[] = [
  {
    ruleId: 'cash.variance',
    details: { registerId: 'reg-1', sessionId: 'sess-1', variance: -15, expectedCash: 150, countedCash: 135, threshold: 10 },
    fr: ['⚠️ <b>Avertissement — Écart de caisse</b>', ['Caisse : reg-1', 'Écart : -15,00 €', 'Seuil : 10,00 €', 'Session : sess-1']],
    en: ['⚠️ <b>Warning — Cash variance</b>', ['Register: reg-1', 'Variance: -€15.00', 'Threshold: €10.00', 'Session: sess-1']],
  },
  {
    ruleId: 'cash.variance-repeated',
    details: { registerId: 'reg-1', count: 3, sessions: [{ sessionId: 's', variance: -12, occurredAt: 'x' }], varianceAbove: 10, minSessions: 3, windowDays: 7 },
    fr: ['⚠️ <b>Avertissement — Écarts de caisse répétés</b>', ['Caisse : reg-1', 'Sessions en écart : 3', 'Seuil : 10,00 €', 'Période (jours) : 7']],
    en: ['⚠️ <b>Warning — Repeated cash variances</b>', ['Register: reg-1', 'Sessions with a variance: 3', 'Threshold: €10.00', 'Window (days): 7']],
  },
  {
    ruleId: 'sync.consecutive-failures',
    severity: 'critical',
    details: { target: 'compta', consecutiveFailures: 5, lastRunId: 'run-9', lastAttempt: 3, lastErrorCode: 'http.503', warningAt: 3, criticalAt: 5 },
    fr: ['🚨 <b>Critique — Échec de synchronisation</b>', ['Cible : compta', 'Échecs consécutifs : 5', 'Dernière erreur : http.503']],
    en: ['🚨 <b>Critical — Sync failure</b>', ['Target: compta', 'Consecutive failures: 5', 'Last error: http.503']],
  },
  {
    ruleId: 'sync.stale',
    severity: 'critical',
    details: { target: 'compta', lastSuccessAt: '2026-11-29T06:30:00.000Z', firstAttemptAt: 'x', lastAttemptAt: 'y', staleForMs: 25.5 * 3_600_000, staleAfterHours: 24 },
    fr: ['🚨 <b>Critique — Synchronisation en retard</b>', ['Cible : compta', 'Dernier succès : 29/11/2026 07:30', 'En retard depuis : 1 j 1 h']],
    en: ['🚨 <b>Critical — Sync overdue</b>', ['Target: compta', 'Last success: 2026-11-29 07:30', 'Overdue for: 1 d 1 h']],
  },
  {
    ruleId: 'ai.error-rate',
    details: { model: 'local-rules-v1', failures: 12, classifications: 100, failureRatePercent: 12.5, warningAbovePercent: 5, criticalAbovePercent: 20 },
    fr: ['⚠️ <b>Avertissement — Erreur de classification IA</b>', ['Modèle : local-rules-v1', "Taux d'échec : 12,5 %", 'Échecs : 12 / 100']],
    en: ['⚠️ <b>Warning — AI classification errors</b>', ['Model: local-rules-v1', 'Failure rate: 12.5%', 'Failures: 12 / 100']],
  },
  {
    ruleId: 'ai.slow',
    details: { model: 'local-rules-v1', percentile: 95, latencyMs: 3450, classifications: 100, latencyAboveMs: 3000 },
    fr: ['⚠️ <b>Avertissement — Classification IA lente</b>', ['Modèle : local-rules-v1', `Latence : 3${NNBSP}450 ms`, `Seuil : 3${NNBSP}000 ms`]],
    en: ['⚠️ <b>Warning — Slow AI classification</b>', ['Model: local-rules-v1', 'Latency: 3,450 ms', 'Threshold: 3,000 ms']],
  },
  {
    ruleId: 'ai.low-confidence',
    details: { model: 'local-rules-v1', lowConfidence: 35, classifications: 100, lowSharePercent: 35, confidenceBelow: 0.7, lowShareAbovePercent: 30 },
    fr: ['⚠️ <b>Avertissement — Classification IA peu sûre</b>', ['Modèle : local-rules-v1', 'Part peu sûre : 35 %', 'Classifications peu sûres : 35 / 100']],
    en: ['⚠️ <b>Warning — Low-confidence AI classification</b>', ['Model: local-rules-v1', 'Low-confidence share: 35%', 'Low-confidence classifications: 35 / 100']],
  },
  {
    ruleId: 'auth.failure-burst',
    details: { principal: 'tg-0a1b2c3d', failures: 7, lastChannel: 'telegram', windowMinutes: 15, warningAt: 5, criticalAt: 10 },
    fr: ['⚠️ <b>Avertissement — Tentatives de connexion échouées</b>', ['Identifiant (opaque) : tg-0a1b2c3d', 'Échecs : 7', 'Fenêtre (min) : 15', 'Canal : telegram']],
    en: ['⚠️ <b>Warning — Failed login attempts</b>', ['Principal (opaque): tg-0a1b2c3d', 'Failures: 7', 'Window (min): 15', 'Channel: telegram']],
  },
  {
    ruleId: 'service.down',
    severity: 'critical',
    details: { service: 'sync', silentForMs: 95_000, lastHeartbeatAt: '2026-11-30T06:58:25.000Z', instanceId: 'i-1', version: '0.1.0', silenceAboveSeconds: 30 },
    fr: ['🚨 <b>Critique — Service indisponible</b>', ['Service : sync', 'Silencieux depuis : 1 min', 'Dernier signe de vie : 30/11/2026 07:58']],
    en: ['🚨 <b>Critical — Service unavailable</b>', ['Service: sync', 'Silent for: 1 min', 'Last heartbeat: 2026-11-30 07:58']],
  },
  {
    ruleId: 'service.unhealthy',
    severity: 'critical',
    details: { target: 'ai', consecutiveFailures: 3, lastStatus: 503, lastLatencyMs: 12, failuresAt: 3 },
    fr: ['🚨 <b>Critique — Service en erreur</b>', ['Service : ai', 'Sondes en échec : 3', 'Dernier statut HTTP : 503']],
    en: ['🚨 <b>Critical — Service failing</b>', ['Service: ai', 'Failed probes: 3', 'Last HTTP status: 503']],
  },
  {
    ruleId: 'pipeline.dead-letter',
    details: { stream: 'CASH', durable: 'anomaly-detectors', kind: 'poison', eventType: 'cash.session.closed' },
    fr: [
      '⚠️ <b>Avertissement — Message rejeté par le pipeline</b>',
      ['Flux : CASH', 'Consommateur : anomaly-detectors', 'Cause : poison', 'Type : cash.session.closed'],
    ],
    en: [
      '⚠️ <b>Warning — Message rejected by the pipeline</b>',
      ['Stream: CASH', 'Consumer: anomaly-detectors', 'Kind: poison', 'Type: cash.session.closed'],
    ],
  },
  {
    ruleId: 'pipeline.consumer-lag',
    // As the detector writes them: `consumer`, and the lag of pending + unacknowledged messages.
    details: { consumer: 'gateway-feed', stream: 'ANOMALY', lag: 12345, pendingAbove: 10000, aboveForMs: 90_000 },
    fr: [
      '⚠️ <b>Avertissement — Retard de traitement</b>',
      ['Consommateur : gateway-feed', 'Flux : ANOMALY', `Non traités : 12${NNBSP}345`, `Seuil : 10${NNBSP}000`, 'Depuis : 1 min'],
    ],
    en: [
      '⚠️ <b>Warning — Processing backlog</b>',
      ['Consumer: gateway-feed', 'Stream: ANOMALY', 'Unprocessed: 12,345', 'Threshold: 10,000', 'For: 1 min'],
    ],
  },
  {
    ruleId: 'job.failed',
    details: { job: 'reporting.generate-weekly-report', consecutiveFailures: 2, durationMs: 4200 },
    fr: [
      '⚠️ <b>Avertissement — Tâche planifiée en échec</b>',
      ['Tâche : reporting.generate-weekly-report', 'Échecs consécutifs : 2', `Durée : 4${NNBSP}200 ms`],
    ],
    en: ['⚠️ <b>Warning — Scheduled job failed</b>', ['Job: reporting.generate-weekly-report', 'Consecutive failures: 2', 'Duration: 4,200 ms']],
  },
  {
    ruleId: 'job.missed',
    details: { job: 'reporting.apply-retention', dueAt: '2026-11-30T02:00:00.000Z', lateMs: 1_200_000, lastRunAt: null },
    fr: [
      '⚠️ <b>Avertissement — Tâche planifiée non exécutée</b>',
      ['Tâche : reporting.apply-retention', 'Prévue le : 30/11/2026 03:00', 'En retard de : 20 min', 'Dernière exécution : jamais'],
    ],
    en: [
      '⚠️ <b>Warning — Scheduled job did not run</b>',
      ['Job: reporting.apply-retention', 'Due: 2026-11-30 03:00', 'Late by: 20 min', 'Last run: never'],
    ],
  },
];

describe('alert message of every default rule', () => {
  it('covers the twelve default rules of ARCHITECTURE.md and the scheduled-job rules', () => {
    expect(RULES.map((r) => r.ruleId).sort()).toEqual(
      [
        'ai.error-rate',
        'ai.low-confidence',
        'ai.slow',
        'auth.failure-burst',
        'cash.variance',
        'cash.variance-repeated',
        'job.failed',
        'job.missed',
        'pipeline.consumer-lag',
        'pipeline.dead-letter',
        'service.down',
        'service.unhealthy',
        'sync.consecutive-failures',
        'sync.stale',
      ].sort(),
    );
  });

  it.each(RULES)('$ruleId in French', ({ ruleId, severity, details, fr }) => {
    expect(render(alertOf(ruleId, details, severity), FR)).toBe(message(fr[0], fr[1], FR));
  });

  it.each(RULES)('$ruleId in English', ({ ruleId, severity, details, en }) => {
    expect(render(alertOf(ruleId, details, severity), EN)).toBe(message(en[0], en[1], EN));
  });

  it('says when a sync target never succeeded and when a probe got no answer', () => {
    const stale = render(alertOf('sync.stale', { target: 'compta', lastSuccessAt: null, staleForMs: 90_000_000 }), FR);
    expect(stale).toContain('\nDernier succès : jamais\n');
    const silent = render(alertOf('service.unhealthy', { target: 'ai', consecutiveFailures: 4, lastStatus: null }), EN);
    expect(silent).toContain('\nLast HTTP status: no answer\n');
  });

  it("shows times in the chat's time zone", () => {
    const text = render(alertOf('service.down', { service: 'sync', lastHeartbeatAt: '2026-11-30T06:58:25.000Z' }), {
      locale: 'fr',
      timeZone: 'America/Montreal',
    });
    expect(text).toContain('Dernier signe de vie : 30/11/2026 01:58');
    expect(text).toContain('Détectée le 30/11/2026 02:00');
  });

  it('never shows a detail it does not know, such as an operator id', () => {
    const text = render(alertOf('cash.variance', { registerId: 'reg-1', operatorId: 'op-7', variance: -15 }), FR);
    expect(text).not.toContain('op-7');
  });
});
