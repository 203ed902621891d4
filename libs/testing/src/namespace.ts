import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `t` + 8 random [a-z0-9]: a namespace (`VIGIE_NAMESPACE`) no other test file will pick. */
export function uniqueNamespace(): string {
  return 't' + randomToken(8);
}

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}
