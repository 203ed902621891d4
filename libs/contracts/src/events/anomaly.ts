import { z } from 'zod';
import { RuleId, Token } from '../ids';
import { IsoDateTime, Severity } from './common';

export const EvidenceRef = z
  .object({ stream: z.string().min(1).max(64), seq: z.number().int().nonnegative(), eventId: z.string().min(1).max(64) })
  .strict();
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/**
 * One payload for every lifecycle transition. The optional fields say what the transition adds:
 * `count`/`lastSeenAt` on updates, `resolvedAt`/`durationMs` on resolution, `by`/`until`/`reason`
 * for acknowledgements and silences (`by` is an opaque principal, never a name).
 */
export const AnomalyAlertV1 = z
  .object({
    anomalyId: Token,
    ruleId: RuleId,
    ruleVersion: z.number().int().positive(),
    severity: Severity,
    key: z.string().min(1).max(256),
    title: z.string().min(1).max(200),
    summary: z.string().max(2000),
    evidence: z.array(EvidenceRef).max(100),
    details: z.record(z.string(), z.unknown()),
    count: z.number().int().positive().optional(),
    firstSeenAt: IsoDateTime.optional(),
    lastSeenAt: IsoDateTime.optional(),
    resolvedAt: IsoDateTime.optional(),
    durationMs: z.number().int().nonnegative().optional(),
    flapping: z.boolean().optional(),
    by: Token.optional(),
    until: IsoDateTime.optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();
export type AnomalyAlert = z.infer<typeof AnomalyAlertV1>;
