import { format, inspect } from 'node:util';
import { Secret } from './secret';

describe('Secret', () => {
  const secret = new Secret('hunter2-very-secret');

  it('gives its value only through reveal()', () => {
    expect(secret.reveal()).toBe('hunter2-very-secret');
  });

  it('never shows the value in strings, JSON or inspected objects', () => {
    const holder = { auth: { type: 'bearer', token: secret } };
    for (const shown of [String(secret), `${secret}`, JSON.stringify(holder), inspect(holder, { depth: 5 }), format('%o', holder)]) {
      expect(shown).not.toContain('hunter2');
      expect(shown).toContain('[secret]');
    }
  });
});
