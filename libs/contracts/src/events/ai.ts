import { z } from 'zod';
import { Token } from '../ids';
import { ErrorInfo } from './common';

/** WEEE (DEEE) categories a deposit is classified into; see shared/DOMAIN.md. */
export const DepositCategory = z.enum([
  'small_appliance',
  'large_appliance',
  'it_equipment',
  'lighting',
  'tools',
  'toys',
  'medical_devices',
  'monitoring_control',
  'automatic_dispensers',
  'other',
]);
export type DepositCategory = z.infer<typeof DepositCategory>;

const Confidence = z.number().min(0).max(1);
const Latency = z.number().int().nonnegative();

export const AiClassificationCompletedV1 = z
  .object({
    depositId: Token,
    requestId: Token,
    model: Token,
    category: DepositCategory,
    confidence: Confidence,
    latencyMs: Latency,
    alternatives: z
      .array(z.object({ category: DepositCategory, confidence: Confidence }).strict())
      .max(5)
      .optional(),
  })
  .strict();

export const AiClassificationFailedV1 = z
  .object({ depositId: Token, requestId: Token, model: Token, latencyMs: Latency, error: ErrorInfo })
  .strict();

/** `model` is carried so corrections count against the model that erred (and key the subject). */
export const AiClassificationCorrectedV1 = z
  .object({
    depositId: Token,
    requestId: Token,
    model: Token,
    fromCategory: DepositCategory,
    toCategory: DepositCategory,
  })
  .strict();

export type AiClassificationCompleted = z.infer<typeof AiClassificationCompletedV1>;
export type AiClassificationFailed = z.infer<typeof AiClassificationFailedV1>;
export type AiClassificationCorrected = z.infer<typeof AiClassificationCorrectedV1>;
