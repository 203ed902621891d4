import type { AnomalyPush } from '@vigie/contracts';
import { LiveFeed, type LiveClient, type ReplaySource } from './live-feed';

function push(seq: number, anomalyId = `an-${seq}`): AnomalyPush {
  return {
    seq,
    eventType: 'anomaly.alert.raised',
    anomaly: {
      anomalyId,
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      status: 'open',
      siteId: 'site-1',
      key: 'register-1',
      title: 't',
      summary: 's',
      evidence: [],
      details: {},
      count: 1,
      raisedAt: '2026-11-30T07:00:00.000Z',
      updatedAt: '2026-11-30T07:00:00.000Z',
      seq,
    },
  };
}

/** An in-memory projection: one view per anomalyId, like the table. */
class Projection implements ReplaySource {
  readonly views = new Map<string, AnomalyPush>();
  reads = 0;
  gate?: Promise<void>;

  commit(p: AnomalyPush): AnomalyPush {
    this.views.set(p.anomaly.anomalyId, p);
    return p;
  }

  async pushesAfter(afterSeq: number, limit: number): Promise<AnomalyPush[]> {
    this.reads++;
    const rows = [...this.views.values()].filter((p) => p.seq > afterSeq).sort((a, b) => a.seq - b.seq).slice(0, limit);
    await this.gate;
    return rows;
  }
}

function client(id = 'c1'): LiveClient & { seqs: number[]; connected: boolean } {
  const seqs: number[] = [];
  return { id, seqs, connected: true, send: (p) => seqs.push(p.seq) };
}

describe('LiveFeed', () => {
  it('replays every view after sinceSeq in seq order, then pushes live ones', async () => {
    const projection = new Projection();
    [1, 2, 3, 4].forEach((s) => projection.commit(push(s)));
    const feed = new LiveFeed(projection);
    const c = client();

    await expect(feed.resume(c, 2)).resolves.toEqual({ replayed: 2, lastSeq: 4 });
    await feed.publish(projection.commit(push(5)));

    expect(c.seqs).toEqual([3, 4, 5]);
  });

  it('replays one push per view, at its latest seq', async () => {
    const projection = new Projection();
    projection.commit(push(1, 'a'));
    projection.commit(push(2, 'b'));
    projection.commit(push(3, 'a'));
    const c = client();

    await new LiveFeed(projection).resume(c, 0);

    expect(c.seqs).toEqual([2, 3]);
  });

  it('pages through a long replay', async () => {
    const projection = new Projection();
    for (let s = 1; s <= 7; s++) projection.commit(push(s));
    const c = client();

    await expect(new LiveFeed(projection, 3).resume(c, 0)).resolves.toEqual({ replayed: 7, lastSeq: 7 });

    expect(c.seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(projection.reads).toBe(3);
  });

  it('a client without sinceSeq only gets live pushes', async () => {
    const projection = new Projection();
    projection.commit(push(1));
    const feed = new LiveFeed(projection);
    const c = client();

    await expect(feed.resume(c)).resolves.toEqual({ replayed: 0, lastSeq: 0 });
    await feed.publish(projection.commit(push(2)));

    expect(c.seqs).toEqual([2]);
  });

  it('a view committed while the replay reads is sent exactly once, after the replay', async () => {
    const projection = new Projection();
    projection.commit(push(1));
    let open!: () => void;
    projection.gate = new Promise((r) => (open = r));
    const feed = new LiveFeed(projection);
    const c = client();

    const resumed = feed.resume(c, 0);
    const published = feed.publish(projection.commit(push(2)));
    open();
    await Promise.all([resumed, published]);

    expect(c.seqs).toEqual([1, 2]);
  });

  it('a view committed before the replay and published after it is not sent twice', async () => {
    const projection = new Projection();
    const late = projection.commit(push(1));
    const feed = new LiveFeed(projection);
    const c = client();

    await feed.resume(c, 0);
    await feed.publish(late);

    expect(c.seqs).toEqual([1]);
  });

  it('skips live pushes the client already has and stops after leave()', async () => {
    const projection = new Projection();
    const feed = new LiveFeed(projection);
    const c = client();

    await feed.resume(c, 5);
    await feed.publish(push(4));
    await feed.publish(push(6));
    feed.leave(c.id);
    await feed.publish(push(7));

    expect(c.seqs).toEqual([6]);
    expect(feed.size).toBe(0);
  });

  it('does not follow a client that left before its resume ran', async () => {
    const projection = new Projection();
    const feed = new LiveFeed(projection);
    const c = client();
    c.connected = false;
    feed.leave(c.id);

    await feed.resume(c, 0);
    await feed.publish(push(1));

    expect(c.seqs).toEqual([]);
    expect(feed.size).toBe(0);
  });

  it('a failed replay read rejects that resume only; the feed keeps working', async () => {
    const projection = new Projection();
    projection.commit(push(1));
    let fail = true;
    const feed = new LiveFeed({
      pushesAfter: (after, limit) => (fail ? Promise.reject(new Error('db down')) : projection.pushesAfter(after, limit)),
    });
    const c = client();

    await expect(feed.resume(c, 0)).rejects.toThrow('db down');
    fail = false;
    await expect(feed.resume(c, 0)).resolves.toEqual({ replayed: 1, lastSeq: 1 });
    await feed.publish(push(2));

    expect(c.seqs).toEqual([1, 2]);
  });
});
