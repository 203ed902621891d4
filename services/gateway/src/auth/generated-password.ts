import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: read aloud or copied by hand without mistakes.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random initial password of 4 groups of 5 (about 117 bits), e.g. `k7Qm2-…`; never stored in clear. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
