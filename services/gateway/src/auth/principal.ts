import { createHmac } from 'node:crypto';

/** How a typed login name is compared: Unicode-normalised, trimmed, lowercase. */
export function normalizeLoginName(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/**
 * The opaque id events and anomaly actions carry instead of a login name: `p-` + the first 24 hex
 * digits (96 bits) of HMAC-SHA256(normalised name, AUTH_SECRET). Stable per name, unknown names
 * included, so failed-login bursts are counted per name without the name leaving the gateway.
 */
export class Principals {
  constructor(private readonly secret: string) {}

  of(login: string): string {
    return `p-${createHmac('sha256', this.secret).update(normalizeLoginName(login), 'utf8').digest('hex').slice(0, 24)}`;
  }
}
