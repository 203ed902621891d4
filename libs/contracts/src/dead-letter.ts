import { z } from 'zod';
import { IsoDateTime } from './events/common';

/**
 * What the messaging layer stores on the DEADLETTER stream when it gives up on a message: the
 * original bytes (base64, since they may not even be UTF-8), where they came from and why.
 */
export const DeadLetterRecordV1 = z
  .object({
    stream: z.string().min(1),
    durable: z.string().min(1),
    subject: z.string().min(1),
    seq: z.number().int().nonnegative(),
    deliveryCount: z.number().int().positive(),
    reason: z.string().min(1).max(4000),
    kind: z.enum(['invalid', 'poison', 'max-deliveries']),
    eventId: z.string().optional(),
    eventType: z.string().optional(),
    payloadBase64: z.string(),
    payloadTruncated: z.boolean(),
    deadLetteredAt: IsoDateTime,
  })
  .strict();
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordV1>;
