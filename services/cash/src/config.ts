import { z } from 'zod';
import { CommonEnv, port } from '@vigie/config';

export const CashEnv = CommonEnv.extend({
  CASH_PORT: port(3101),
  /** How often events still in the outbox (NATS was unreachable at commit) are retried, ms. */
  CASH_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
});
export type CashConfig = z.infer<typeof CashEnv>;
