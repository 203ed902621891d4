import { z } from 'zod';
import { url } from '@vigie/config';

export const SimulatorEnv = z.object({
  CASH_URL: url(['http', 'https']).default('http://127.0.0.1:3101'),
  SIMULATOR_SITES: z.coerce.number().int().min(1).max(50).default(2),
  SIMULATOR_REGISTERS_PER_SITE: z.coerce.number().int().min(1).max(50).default(2),
  /** Sessions closed per minute over all registers. */
  SIMULATOR_SESSIONS_PER_MINUTE: z.coerce.number().min(0.1).max(6000).default(6),
  SIMULATOR_SEED: z.coerce.number().int().default(42),
});
export type SimulatorEnv = z.infer<typeof SimulatorEnv>;
