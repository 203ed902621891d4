import { createHmac } from 'node:crypto';
import { TOKEN_PATTERN } from '@vigie/contracts';
import { normalizeLoginName, Principals } from './principal';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('Principals', () => {
  const principals = new Principals(SECRET);

  it('is p- + 24 hex of HMAC-SHA256(name, AUTH_SECRET): a subject token, never the name', () => {
    const hmac = createHmac('sha256', SECRET).update('marie.dupont').digest('hex');
    const principal = principals.of('marie.dupont');
    expect(principal).toBe(`p-${hmac.slice(0, 24)}`);
    expect(principal).toMatch(TOKEN_PATTERN);
    expect(principal).not.toContain('marie');
  });

  it('is the same for the same name however it is typed, and differs per name and per secret', () => {
    expect(principals.of('  Marie.Dupont ')).toBe(principals.of('marie.dupont'));
    expect(principals.of('marie.dupond')).not.toBe(principals.of('marie.dupont'));
    expect(new Principals(`${SECRET}!`).of('marie.dupont')).not.toBe(principals.of('marie.dupont'));
  });

  it('normalises Unicode compatibility forms and case', () => {
    expect(normalizeLoginName(' ＡＤＭＩＮ ')).toBe('admin');
  });
});
