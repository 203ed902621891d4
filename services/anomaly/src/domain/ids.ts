import { createHash } from 'node:crypto';

function sha256(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** An anomaly's id depends only on (ruleId, key, first evidence event), so replays never duplicate it. */
export function anomalyIdFor(ruleId: string, key: string, firstEvidenceEventId: string): string {
  return `anm-${sha256([ruleId, key, firstEvidenceEventId]).slice(0, 24)}`;
}

/**
 * A name-based UUID (version 8, RFC 9562) for an event that must have the same id however often it is
 * produced: it is the `Nats-Msg-Id`, so JetStream stores a re-published transition once.
 */
export function deterministicEventId(...parts: string[]): string {
  const h = sha256(parts);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
