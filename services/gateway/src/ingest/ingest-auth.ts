import { DomainError } from '@vigie/health';
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Checks the bearer token of an ingest request against `INGEST_TOKENS`; holds only their digests. */
export class IngestAuth {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** Throws 503 `ingest.disabled` without configured tokens, 401 `auth.unauthorized` on a missing or wrong one. */
  verify(authorization: string | undefined): void {
    if (!this.enabled) {
      throw new DomainError('ingest.disabled', 'event ingest is disabled: no INGEST_TOKENS configured', 503);
    }
    const presented = BEARER.exec(authorization ?? '')?.[1];
    // Comparing fixed-size digests against every token, without stopping at a match, takes the same
    // time whatever the presented token and its length: nothing to learn from timing.
    const candidate = digest(presented ?? '');
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(candidate, known) || match;
    if (!presented || !match) {
      throw new DomainError('auth.unauthorized', 'a valid bearer token is required (Authorization: Bearer <token>)', 401);
    }
  }
}
