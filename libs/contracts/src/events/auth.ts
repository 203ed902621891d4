import { z } from 'zod';
import { Token } from '../ids';

export const AuthChannel = z.enum(['web', 'telegram']);

/** `principal` is an opaque id or HMAC of the login name, never the name or e-mail itself. */
export const AuthLoginSucceededV1 = z.object({ principal: Token, channel: AuthChannel }).strict();
export const AuthLoginFailedV1 = z
  .object({ principal: Token, channel: AuthChannel, reason: z.string().min(1).max(128) })
  .strict();

export type AuthLoginSucceeded = z.infer<typeof AuthLoginSucceededV1>;
export type AuthLoginFailed = z.infer<typeof AuthLoginFailedV1>;
