import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { exponentialBackoff } from '@vigie/messaging';
import { CHANNELS, type ChannelList } from '../channels';
import type { Channel, Outgoing } from '../channels/channel';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { planDispatch, type LaneState } from '../domain/dispatch-plan';
import { isMuted } from '../domain/quiet-hours';
import type { SendFailure } from '../domain/send-failure';
import type { DeliveryRow } from '../entities/delivery.entity';
import { isBreakerOpen } from './channel-breaker';
import { DeliveryOutcomes } from './delivery-outcomes';
import { DeliveryRepository } from './delivery.repository';
import { Leadership } from './leadership';

/** Retry delay after the n-th consecutive transient failure to one recipient. */
const retryDelay = exponentialBackoff({ baseMs: 1000, maxMs: 30_000 });
/** Rows read per look at a queue: a digest never carries more. */
const QUEUE_WINDOW = 200;
/** How often the leader looks for queues it was not told about (other instances' rows, retries of outcomes). */
const SWEEP_MS = 2000;
/** How often a queue whose messages all wait for quiet hours to end looks again. */
const MUTED_RECHECK_MS = 60_000;

type Outcome = 'sent' | 'retry' | 'failed' | 'blocked' | 'lost';

/**
 * Drains the delivery outbox: one lane per (channel, recipient), each sending its queue in order
 * under the channel's limits — grouping into digests, at most one message per interval per
 * recipient and a shared budget per channel, honouring 429 `retry_after`, backing off on outages
 * and waiting for the channel's breaker. Only the leader instance dispatches.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly leadership: Leadership;
  private readonly unsubscribe: (() => void)[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private stopping = false;
  /** Set once the rows a dead dispatcher left under way are closed: no lane may claim before that. */
  private leading = false;

  constructor(
    @Inject(CHANNELS) private readonly channels: ChannelList,
    private readonly repo: DeliveryRepository,
    private readonly outcomes: DeliveryOutcomes,
    @Inject(NOTIFICATION_CONFIG) config: NotificationConfig,
  ) {
    this.leadership = new Leadership(config.DATABASE_URL, `vigie.${config.VIGIE_NAMESPACE || 'prod'}.notification.dispatcher`, {
      acquired: () => this.lead(),
      lost: () => this.follow(),
    });
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** `standby`: another instance holds the lock and dispatches; `starting`: not known yet. */
  get role(): 'leader' | 'standby' | 'starting' {
    if (this.leading) return 'leader';
    return this.leadership.decided && !this.leadership.isLeader ? 'standby' : 'starting';
  }

  /** Listeners run when this instance becomes (or stops being) the dispatcher. */
  readonly leaderListeners = new Set<(leader: boolean) => void>();

  onApplicationBootstrap(): void {
    for (const channel of this.channels) {
      this.unsubscribe.push(channel.breaker.onChange(() => this.onBreakerChange(channel)));
    }
    this.leadership.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.leading = false;
    clearInterval(this.sweepTimer);
    for (const u of this.unsubscribe) u();
    // In-flight calls finish and are recorded: a normal stop leaves nothing in doubt.
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
    await this.leadership.stop();
  }

  /** New rows for these recipients were committed. */
  wake(channel: string, recipients: Iterable<string>): void {
    if (!this.leading || this.stopping) return;
    for (const recipient of recipients) this.lane(channel, recipient)?.nudge();
  }

  private async lead(): Promise<void> {
    this.logger.log('this instance dispatches notifications');
    const inDoubt = await this.repo.closeInDoubt();
    if (inDoubt.length > 0) {
      this.logger.warn(`${inDoubt.length} deliveries were under way when the previous dispatcher stopped: closed as in-doubt, not resent`);
    }
    await this.outcomes.republish();
    this.leading = true;
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    await this.sweep();
    for (const l of this.leaderListeners) l(true);
  }

  private async follow(): Promise<void> {
    this.leading = false;
    clearInterval(this.sweepTimer);
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
    this.lanes.clear();
    for (const l of this.leaderListeners) l(false);
  }

  private async sweep(): Promise<void> {
    if (this.stopping || !this.leading) return;
    try {
      for (const q of await this.repo.pendingQueues()) this.lane(q.channel, q.recipient)?.nudge();
      await this.outcomes.republish();
    } catch (e) {
      this.logger.warn(`outbox sweep failed: ${(e as Error).message}`);
    }
  }

  private lane(channelId: string, recipient: string): Lane | undefined {
    const key = `${channelId}:${recipient}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      const channel = this.channels.find((c) => c.id === channelId);
      if (!channel) {
        this.logger.warn(`deliveries queued for unknown channel ${channelId}`);
        return undefined;
      }
      lane = new Lane(channel, recipient, this.repo, this.outcomes, this.logger);
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private onBreakerChange(channel: Channel): void {
    for (const lane of this.lanes.values()) {
      if (lane.channel !== channel) continue;
      // The far end answers again: retries waiting out a backoff need not wait any longer.
      if (channel.breaker.state === 'closed') lane.clearBackoff();
      lane.nudge();
    }
  }
}

/** The queue of one recipient of one channel: at most one send at a time, in outbox order. */
class Lane {
  private state: LaneState = {};
  private holdIsBackoff = false;
  private failures = 0;
  private running?: Promise<void>;
  private dirty = false;
  private stopped = false;
  private wakeUp?: () => void;

  constructor(
    readonly channel: Channel,
    readonly recipient: string,
    private readonly repo: DeliveryRepository,
    private readonly outcomes: DeliveryOutcomes,
    private readonly logger: Logger,
  ) {}

  nudge(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.running) {
      this.wakeUp?.();
      return;
    }
    this.running = this.run()
      .catch((e) => this.logger.error(`lane ${this.channel.id}:${this.recipient} crashed: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.dirty && !this.stopped) this.nudge();
      });
  }

  clearBackoff(): void {
    if (this.holdIsBackoff) {
      this.state.holdUntil = undefined;
      this.holdIsBackoff = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.dirty = false;
      let rows: DeliveryRow[];
      try {
        rows = await this.repo.pending(this.channel.id, this.recipient, QUEUE_WINDOW);
      } catch (e) {
        this.logger.warn(`outbox of ${this.channel.id} not readable: ${(e as Error).message}`);
        await this.sleep(SWEEP_MS);
        continue;
      }
      if (rows.length === 0) {
        if (this.dirty) continue;
        return;
      }
      if (!this.channel.enabled) {
        await this.finish(await this.repo.fail(ids(rows), { code: `${this.channel.id}.off`, message: `the ${this.channel.id} channel is not configured` }));
        continue;
      }
      const profile = await this.channel.profile(this.recipient);
      if (!profile) {
        await this.finish(await this.repo.fail(ids(rows), { code: 'recipient.unlinked', message: 'the recipient no longer receives notifications' }));
        continue;
      }
      const unreadable = rows.filter((r) => !r.payload);
      if (unreadable.length > 0) {
        await this.finish(await this.repo.fail(ids(unreadable), { code: 'delivery.no-payload', message: 'nothing to render' }));
        continue;
      }

      const now = Date.now();
      const muted = profile.mute !== undefined && isMuted(profile.mute, new Date(now));
      const eligible = muted ? rows.filter((r) => r.severity === 'critical') : rows;
      if (eligible.length === 0) {
        await this.sleep(MUTED_RECHECK_MS);
        continue;
      }
      const plan = planDispatch(
        this.state,
        this.channel.policy(this.recipient),
        now,
        eligible.map((r) => ({ groupable: r.kind === 'alert', queuedAt: r.createdAt.getTime(), attempts: r.attempts })),
      );
      if (!plan) continue;
      if (plan.at > now) {
        await this.sleep(plan.at - now);
        continue;
      }
      if (!this.channel.breaker.canCall()) {
        await this.sleep(SWEEP_MS);
        continue;
      }
      const batch = eligible.slice(0, plan.count);
      const messages = this.channel.compose(batch, profile);
      for (let i = 0; i < messages.length; i++) {
        if (i > 0) {
          const wait = (this.state.lastSentAt ?? 0) + this.channel.policy(this.recipient).minIntervalMs - Date.now();
          if (wait > 0) await this.sleep(wait, true);
          if (this.stopped) break;
        }
        const outcome = await this.sendOne(messages[i], batch.length);
        if (outcome !== 'sent' && outcome !== 'failed') break;
      }
    }
  }

  private async sendOne(message: Outgoing, digestSize: number): Promise<Outcome> {
    if (!this.channel.breaker.canCall()) return 'blocked';
    const wanted = ids(message.rows);
    const claimed = await this.repo.claim(wanted);
    if (claimed.size !== wanted.length) {
      // Someone else took part of it (never with one leader): give ours back untouched.
      if (claimed.size > 0) await this.repo.unclaim([...claimed]);
      return 'lost';
    }
    let messageId: number | undefined;
    try {
      ({ messageId } = await this.channel.send(this.recipient, message.body));
    } catch (e) {
      if (isBreakerOpen(e)) {
        await this.repo.unclaim(wanted);
        return 'blocked';
      }
      return this.failed(wanted, this.channel.classify(e) ?? this.unexpected(e));
    }
    this.state.lastSentAt = Date.now();
    this.state.holdUntil = undefined;
    this.holdIsBackoff = false;
    this.failures = 0;
    await this.finish(await this.repo.markSent(wanted, messageId, digestSize));
    return 'sent';
  }

  private async failed(wanted: string[], failure: SendFailure): Promise<Outcome> {
    if (failure.kind === 'permanent') {
      this.logger.warn(`${wanted.length} delivery(ies) to a ${this.channel.id} recipient failed for good: ${failure.code}`);
      await this.finish(await this.repo.fail(wanted, failure));
      return 'failed';
    }
    const rows = await this.repo.release(wanted, failure);
    if (failure.kind === 'rate-limited') {
      this.state.holdUntil = Date.now() + failure.retryAfterMs;
      this.holdIsBackoff = false;
    } else {
      this.failures += 1;
      this.state.holdUntil = Date.now() + retryDelay(this.failures);
      this.holdIsBackoff = true;
    }
    this.logger.warn(
      `${this.channel.id} send failed (${failure.code} ${failure.message}); ${wanted.length} delivery(ies) retried in ${this.state.holdUntil - Date.now()} ms`,
    );
    await this.outcomes.attemptsFailed(rows);
    return 'retry';
  }

  private unexpected(e: unknown): SendFailure {
    this.logger.error(`unexpected ${this.channel.id} send error: ${(e as Error).stack ?? String(e)}`);
    return { kind: 'transient', code: `${this.channel.id}.unexpected`, message: (e as Error).message ?? String(e) };
  }

  private async finish(rows: DeliveryRow[]): Promise<void> {
    await this.outcomes.final(rows);
  }

  /** Sleeps `ms`, or less when nudged (new rows, a breaker change) — unless `firm`. */
  private sleep(ms: number, firm = false): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === wake) this.wakeUp = undefined;
        resolve();
      };
      const wake = () => {
        if (!firm || this.stopped) done();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = wake;
    });
  }
}

function ids(rows: readonly DeliveryRow[]): string[] {
  return rows.map((r) => r.deliveryId);
}
