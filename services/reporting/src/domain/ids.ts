import { createHash } from 'node:crypto';
import type { IsoWeek } from './iso-week';

function sha256(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function reportIdFor(isoWeek: IsoWeek): string {
  return `weekly-${isoWeek}`;
}

/**
 * The id of a week's `report.weekly.generated`: a name-based UUID (version 8, RFC 9562) of the week,
 * so however often it is produced it is one event (it is also the `Nats-Msg-Id` and the outbox key).
 */
export function weeklyEventIdFor(isoWeek: IsoWeek): string {
  const h = sha256(['report.weekly.generated', isoWeek]);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An e-mail recipient as rows record it: an opaque id, never the address. */
export function emailRecipientId(address: string): string {
  return `eml-${sha256([address.trim().toLowerCase()]).slice(0, 20)}`;
}
