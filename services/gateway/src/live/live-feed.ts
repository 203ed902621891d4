import type { AnomalyPush } from '@vigie/contracts';

/** One connected dashboard (a Socket.IO socket in production). */
export interface LiveClient {
  readonly id: string;
  readonly connected: boolean;
  send(push: AnomalyPush): void;
}

export interface ReplaySource {
  /** Pushes for every view whose seq is > `afterSeq`, in ascending seq order, at most `limit`. */
  pushesAfter(afterSeq: number, limit: number): Promise<AnomalyPush[]>;
}

interface Follower {
  client: LiveClient;
  /** Highest seq this client has been sent or said it has seen. */
  sentSeq: number;
}

/**
 * Fans committed anomaly views out to live clients with no gap and no duplicate. Replays and live pushes
 * run one at a time, and each client remembers the highest seq it holds: a view committed while a replay
 * reads the projection is either in that replay or pushed right after it, never lost and never sent twice.
 * Pushes are published after their row is committed, in seq order (one durable consumer feeds them).
 */
export class LiveFeed {
  private readonly followers = new Map<string, Follower>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: ReplaySource,
    private readonly pageSize = 500,
  ) {}

  /** Sends every view after `sinceSeq` (nothing when it is undefined), then follows live pushes. */
  resume(client: LiveClient, sinceSeq?: number): Promise<{ replayed: number; lastSeq: number }> {
    return this.exclusive(async () => {
      if (!client.connected) return { replayed: 0, lastSeq: 0 };
      let follower = this.followers.get(client.id);
      if (!follower) {
        follower = { client, sentSeq: 0 };
        this.followers.set(client.id, follower);
      }
      let replayed = 0;
      if (sinceSeq !== undefined) {
        let after = sinceSeq;
        for (;;) {
          const page = await this.source.pushesAfter(after, this.pageSize);
          for (const push of page) client.send(push);
          replayed += page.length;
          if (page.length > 0) after = page[page.length - 1].seq;
          if (page.length < this.pageSize) break;
        }
        follower.sentSeq = Math.max(follower.sentSeq, after);
      }
      return { replayed, lastSeq: follower.sentSeq };
    });
  }

  publish(push: AnomalyPush): Promise<void> {
    return this.exclusive(async () => {
      for (const follower of this.followers.values()) {
        if (push.seq <= follower.sentSeq) continue;
        follower.client.send(push);
        follower.sentSeq = push.seq;
      }
    });
  }

  leave(clientId: string): void {
    this.followers.delete(clientId);
  }

  get size(): number {
    return this.followers.size;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
