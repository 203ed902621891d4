import { z } from 'zod';

/** A token allowed inside a NATS subject: ids only, never personal data. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const Token = z.string().regex(TOKEN_PATTERN, 'must match [A-Za-z0-9_-]{1,128} (it becomes a subject token)');

/** Rule ids are `<family>.<name>`: exactly two lowercase tokens. */
export const RULE_ID_PATTERN = /^[a-z0-9-]+\.[a-z0-9-]+$/;
export const RuleId = z.string().regex(RULE_ID_PATTERN, 'must be <family>.<name>, e.g. cash.variance');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const EventId = z
  .string()
  .refine((s) => UUID.test(s) || ULID.test(s), 'must be a UUID (v7 preferred) or a ULID');

/**
 * UUIDv7 (RFC 9562): 48-bit unix milliseconds then random bits, so ids sort by creation time.
 * Uses the Web Crypto API present in Node 20 and browsers, keeping this library dependency-free.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
