import { createHmac } from 'node:crypto';
import { DomainError } from '@vigie/health';
import { AccessTokens, type TokenClaims } from './access-tokens';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const NOW = Date.parse('2026-11-30T08:00:00Z');
const claims: TokenClaims = {
  sub: '0193a2b4-0000-7000-8000-000000000001',
  role: 'admin',
  sv: 0,
  iat: NOW / 1000,
  exp: NOW / 1000 + 900,
  auth_time: NOW / 1000,
};

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return `${e.status} ${e.code} ${e.message}`;
    throw e;
  }
  return 'accepted';
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('AccessTokens', () => {
  const tokens = new AccessTokens(SECRET);

  it('round-trips its claims until exp, then refuses the token as expired', () => {
    const token = tokens.sign(claims);
    expect(token.split('.')).toHaveLength(3);
    expect(tokens.verify(token, NOW)).toEqual(claims);
    expect(tokens.verify(token, NOW + 899_999)).toEqual(claims);
    expect(refusal(() => tokens.verify(token, NOW + 900_000))).toBe('401 auth.unauthorized the token has expired');
  });

  it('is a standard HS256 JWT (header, iss) that any JWT library could read', () => {
    const [header, payload] = tokens.sign(claims).split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ iss: 'vigie-gateway', ...claims });
  });

  it('refuses a token signed with another secret', () => {
    const forged = new AccessTokens('another-secret-of-at-least-32-characters').sign(claims);
    expect(refusal(() => tokens.verify(forged, NOW))).toBe('401 auth.unauthorized invalid token signature');
  });

  it('refuses a payload changed after signing (role raised)', () => {
    const [header, , signature] = tokens.sign(claims).split('.');
    const raised = `${header}.${b64({ iss: 'vigie-gateway', ...claims, role: 'super-admin' })}.${signature}`;
    expect(refusal(() => tokens.verify(raised, NOW))).toMatch(/^401 auth.unauthorized invalid token signature/);
  });

  it('refuses alg none and a token signed with the raw secret instead of the derived key', () => {
    const payload = b64({ iss: 'vigie-gateway', ...claims });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    expect(refusal(() => tokens.verify(none, NOW))).toMatch(/^401 auth.unauthorized/);
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const raw = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    expect(refusal(() => tokens.verify(`${header}.${payload}.${raw}`, NOW))).toMatch(/^401 auth.unauthorized/);
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c', '..', 'é.é.é', 'x'.repeat(5000)])('refuses garbage %#', (token) => {
    expect(refusal(() => tokens.verify(token, NOW))).toMatch(/^401 auth.unauthorized/);
  });

  it('refuses well-signed claims of the wrong shape (unknown role, missing sv)', () => {
    const { sv: _sv, ...withoutSv } = claims;
    for (const bad of [{ ...claims, role: 'user' }, withoutSv]) {
      const header = b64({ alg: 'HS256', typ: 'JWT' });
      const payload = b64({ iss: 'vigie-gateway', ...bad });
      const key = createHmac('sha256', SECRET).update('vigie.access-token.v1').digest();
      const sig = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
      expect(refusal(() => tokens.verify(`${header}.${payload}.${sig}`, NOW))).toBe(
        '401 auth.unauthorized malformed token claims',
      );
    }
  });
});
