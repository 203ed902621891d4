import { createHash } from 'node:crypto';

function sha256(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** One delivery = one anomaly transition (its event id) to one recipient of one channel, however often it is retried. */
export function deliveryIdFor(anomalyEventId: string, channel: string, recipient: string): string {
  return `dlv-${sha256([anomalyEventId, channel, recipient]).slice(0, 24)}`;
}

/**
 * A name-based UUID (version 8, RFC 9562): the `Nats-Msg-Id` of an event we may publish more than
 * once (after a redelivery), so JetStream stores it once.
 */
export function deterministicEventId(...parts: string[]): string {
  const h = sha256(parts);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
