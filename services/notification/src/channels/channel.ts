import type { DeliveryRow } from '../entities/delivery.entity';
import type { ChannelBreaker } from '../delivery/channel-breaker';
import type { LanePolicy } from '../domain/dispatch-plan';
import type { MuteSettings } from '../domain/quiet-hours';
import type { SendFailure } from '../domain/send-failure';
import type { RenderContext } from '../templates/i18n';

export type ChannelId = 'telegram' | 'email';

/** Who a recipient is for rendering: language, time zone, and when non-critical messages wait. */
export interface RecipientProfile {
  render: RenderContext;
  mute?: MuteSettings;
}

/** One message to send, and the deliveries it carries (one, or the items of a digest part). */
export interface Outgoing<B = unknown> {
  rows: DeliveryRow[];
  body: B;
}

/**
 * A way to reach admins. Each channel renders its own messages, knows its recipients and its send
 * limits, classifies its errors, and guards its far end with a breaker. The dispatcher owns the
 * outbox, ordering, grouping and retries for every channel alike.
 */
export interface Channel<B = unknown> {
  readonly id: ChannelId;
  readonly enabled: boolean;
  readonly breaker: ChannelBreaker;
  policy(recipient: string): LanePolicy;
  /** Undefined when the recipient can no longer receive (unlinked chat, address removed from the config). */
  profile(recipient: string): Promise<RecipientProfile | undefined>;
  /** The messages carrying `rows` (one row, or several as a digest), in order. */
  compose(rows: DeliveryRow[], profile: RecipientProfile): Outgoing<B>[];
  /**
   * Sends one message within the channel's shared budget (waiting for a slot) and through its
   * breaker; resolves with the far end's message id when it has one.
   */
  send(recipient: string, body: B): Promise<{ messageId?: number }>;
  classify(error: unknown): SendFailure | undefined;
}
