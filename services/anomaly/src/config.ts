import { z } from 'zod';
import { CommonEnv, port } from '@vigie/config';

export const AnomalyEnv = CommonEnv.extend({
  ANOMALY_PORT: port(3110),
  /** How often unpublished anomaly events are retried when NATS was unreachable, ms. */
  ANOMALY_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
  /** How often the maintenance recommendations are recomputed from the KPI projection, ms. */
  ANOMALY_RECOMMENDATIONS_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
});
export type AnomalyConfig = z.infer<typeof AnomalyEnv>;
