import { AccountRole } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The claims of a Vigie access token (a JWT, HS256). Times are Unix seconds. */
export interface TokenClaims {
  /** Account id. */
  sub: string;
  role: AccountRole;
  /** Account session version: bumped when its password, role or disabled flag changes, revoking older tokens. */
  sv: number;
  iat: number;
  exp: number;
  /** When the session's password login happened; refreshes never extend a session past a maximum age. */
  auth_time: number;
}

const ISSUER = 'vigie-gateway';
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const SEGMENT = /^[A-Za-z0-9_-]+$/;

const Claims = z
  .object({
    iss: z.literal(ISSUER),
    sub: z.string().min(1).max(64),
    role: AccountRole,
    sv: z.number().int().nonnegative(),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().positive(),
    auth_time: z.number().int().nonnegative(),
  })
  .strict();

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export const unauthorized = (message: string) => new DomainError('auth.unauthorized', message, 401);

/**
 * Compact HS256 JWTs over node:crypto. The header is fixed and compared as is: `alg: none`, RS/HS
 * confusion and extra header fields never reach signature checking.
 */
export class AccessTokens {
  private readonly key: Buffer;

  /** The signing key is derived from the secret, so it differs from the key of login-name HMACs. */
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('vigie.access-token.v1').digest();
  }

  sign(claims: TokenClaims): string {
    const payload = base64url(JSON.stringify({ iss: ISSUER, ...claims }));
    return `${HEADER}.${payload}.${this.signature(`${HEADER}.${payload}`)}`;
  }

  /** The claims of a well-signed, unexpired token; otherwise 401 `auth.unauthorized`. */
  verify(token: string, nowMs: number): TokenClaims {
    const parts = token.split('.');
    if (token.length > 4096 || parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) {
      throw unauthorized('malformed token');
    }
    const [header, payload, signature] = parts;
    const expected = Buffer.from(this.signature(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (header !== HEADER || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw unauthorized('invalid token signature');
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw unauthorized('malformed token');
    }
    const parsed = Claims.safeParse(json);
    if (!parsed.success) throw unauthorized('malformed token claims');
    const { iss: _iss, ...claims } = parsed.data;
    if (claims.exp * 1000 <= nowMs) throw unauthorized('the token has expired');
    return claims;
  }

  private signature(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
