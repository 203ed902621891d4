import { z } from 'zod';
import { Token } from '../ids';
import { ErrorInfo } from './common';

export const NotifyChannel = z.enum(['telegram', 'email', 'socket']);

/** `recipient` is an opaque id (a Telegram chat id, a recipient row id), never an address or name. */
export const NotifyDeliveryV1 = z
  .object({
    deliveryId: Token,
    anomalyId: Token.optional(),
    channel: NotifyChannel,
    recipient: Token,
    attempt: z.number().int().positive(),
    error: ErrorInfo.optional(),
  })
  .strict();
export type NotifyDelivery = z.infer<typeof NotifyDeliveryV1>;
