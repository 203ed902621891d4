import { z } from 'zod';
import { Token } from '../ids';
import { STREAM_IDS } from '../streams';
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

/** A stream id of Vigie's topology (`CASH`), never its namespaced server name. */
const OpsStream = z.enum(STREAM_IDS);
const Count = z.number().int().nonnegative();

/**
 * One durable consumer as JetStream reports it, sampled by the monitor at its probe interval:
 * `pending` not yet delivered, `ackPending` delivered and not yet acknowledged, `redelivered`
 * delivered more than once and still unacknowledged.
 */
export const OpsConsumerSampledV1 = z
  .object({ stream: OpsStream, consumer: Token, pending: Count, ackPending: Count, redelivered: Count })
  .strict();

/**
 * One stream's size against its limits, sampled by the monitor at its probe interval. A limit of
 * -1 (messages, bytes) or 0 (age) means none, as in JetStream's own configuration.
 */
export const OpsStreamSampledV1 = z
  .object({
    stream: OpsStream,
    messages: Count,
    bytes: Count,
    consumers: Count,
    maxMessages: z.number().int().min(-1),
    maxBytes: z.number().int().min(-1),
    maxAgeSeconds: Count,
  })
  .strict();

/**
 * A scheduled job's run finished. `nextDueAt` is when the job's schedule next owes a run (after this
 * one started): the clock of `job.missed`. `error` is the failure's message, never personal data.
 */
export const OpsJobCompletedV1 = z
  .object({
    job: z.string().regex(/^[a-z]+\.[a-z]+(-[a-z]+)*$/, 'must be <service>.<verb-noun>'),
    runId: Token,
    trigger: z.enum(['schedule', 'boot', 'manual']),
    status: z.enum(['succeeded', 'failed']),
    startedAt: IsoDateTime,
    durationMs: Count,
    error: z.string().max(2000).optional(),
    nextDueAt: IsoDateTime.optional(),
  })
  .strict();

export type OpsConsumerSampled = z.infer<typeof OpsConsumerSampledV1>;
export type OpsStreamSampled = z.infer<typeof OpsStreamSampledV1>;
export type OpsJobCompleted = z.infer<typeof OpsJobCompletedV1>;
