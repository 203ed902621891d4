import { z } from 'zod';
import { Token } from '../ids';
import { IsoDateTime } from './common';

export const OpsHeartbeatEmittedV1 = z
  .object({ service: Token, instanceId: Token, version: z.string().min(1).max(64), startedAt: IsoDateTime })
  .strict();

export const OpsProbeCompletedV1 = z
  .object({
    target: Token,
    ok: z.boolean(),
    status: z.number().int().optional(),
    latencyMs: z.number().int().nonnegative(),
    error: z.string().max(2000).optional(),
  })
  .strict();

/** The clock of absence rules: detectors compare event times against the latest tick. */
export const OpsTickEmittedV1 = z.object({}).strict();

export type OpsHeartbeatEmitted = z.infer<typeof OpsHeartbeatEmittedV1>;
export type OpsProbeCompleted = z.infer<typeof OpsProbeCompletedV1>;
export type OpsTickEmitted = z.infer<typeof OpsTickEmittedV1>;
