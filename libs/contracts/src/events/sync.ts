import { z } from 'zod';
import { Token } from '../ids';
import { ErrorInfo } from './common';

const Duration = z.number().int().nonnegative();

export const SyncRunStartedV1 = z.object({ runId: Token, target: Token }).strict();
export const SyncRunSucceededV1 = z
  .object({ runId: Token, target: Token, durationMs: Duration, itemCount: z.number().int().nonnegative() })
  .strict();
export const SyncRunFailedV1 = z
  .object({ runId: Token, target: Token, durationMs: Duration, attempt: z.number().int().positive(), error: ErrorInfo })
  .strict();

export type SyncRunStarted = z.infer<typeof SyncRunStartedV1>;
export type SyncRunSucceeded = z.infer<typeof SyncRunSucceededV1>;
export type SyncRunFailed = z.infer<typeof SyncRunFailedV1>;
