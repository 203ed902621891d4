import { z } from 'zod';
import { CommonEnv, port } from '@vigie/config';

export const AnomalyEnv = CommonEnv.extend({
  ANOMALY_PORT: port(3110),
  /** How often unpublished anomaly events are retried when NATS was unreachable, ms. */
  ANOMALY_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
});
export type AnomalyConfig = z.infer<typeof AnomalyEnv>;
