import { createHash, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code read off a screen and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LINK_CODE_LENGTH = 8;

/** 8 characters of a 31-letter alphabet: about 40 bits, one use, minutes of life. */
export function generateLinkCode(): string {
  return Array.from({ length: LINK_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** What a user typed (`abcd-2345`, ` ABCD 2345 `) → the code, or undefined when it cannot be one. */
export function normalizeLinkCode(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return code.length === LINK_CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** Codes are stored hashed: the table alone does not let anyone link a chat. */
export function hashLinkCode(code: string): string {
  return createHash('sha256').update(`vigie-link-code:${code}`).digest('hex');
}
