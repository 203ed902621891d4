import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { HIGHLIGHT_MS, useAnomaliesStore } from './anomalies';
import { push, view } from '../test-fixtures';

describe('anomalies store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.useRealTimers());

  it('lists newest first and remembers the list lastSeq', () => {
    const store = useAnomaliesStore();
    store.applyList({
      items: [
        view({ anomalyId: 'a', seq: 3, raisedAt: '2026-11-30T07:00:00Z' }),
        view({ anomalyId: 'b', seq: 5, raisedAt: '2026-11-30T09:00:00Z' }),
        view({ anomalyId: 'c', seq: 4, raisedAt: '2026-11-30T08:00:00Z' }),
      ],
      total: 3,
      lastSeq: 9,
    });
    expect(store.items.map((a) => a.anomalyId)).toEqual(['b', 'c', 'a']);
    expect(store.lastSeq).toBe(9);
    expect(store.loaded).toBe(true);
  });

  it('puts a new anomaly on top and highlights it for a short while', () => {
    vi.useFakeTimers();
    const store = useAnomaliesStore();
    store.applyList({ items: [view({ anomalyId: 'a', seq: 1 })], total: 1, lastSeq: 1 });

    expect(store.applyPush(push(view({ anomalyId: 'n', seq: 2, raisedAt: '2026-11-30T10:00:00Z' })))).toBe(true);

    expect(store.items.map((a) => a.anomalyId)).toEqual(['n', 'a']);
    expect(store.lastSeq).toBe(2);
    expect(store.highlighted.has('n')).toBe(true);
    vi.advanceTimersByTime(HIGHLIGHT_MS);
    expect(store.highlighted.has('n')).toBe(false);
  });

  it('updates in place by anomalyId: one entry, the higher seq wins, order kept', () => {
    const store = useAnomaliesStore();
    store.applyList({
      items: [
        view({ anomalyId: 'b', seq: 2, raisedAt: '2026-11-30T09:00:00Z' }),
        view({ anomalyId: 'a', seq: 1, raisedAt: '2026-11-30T08:00:00Z' }),
      ],
      total: 2,
      lastSeq: 2,
    });

    store.applyPush(push(view({ anomalyId: 'a', seq: 7, count: 3, raisedAt: '2026-11-30T08:00:00Z' }), 'anomaly.alert.updated'));
    const stale = store.applyPush(push(view({ anomalyId: 'a', seq: 4, count: 2, raisedAt: '2026-11-30T08:00:00Z' })));

    expect(stale).toBe(false);
    expect(store.items.map((a) => [a.anomalyId, a.seq, a.count])).toEqual([
      ['b', 2, 1],
      ['a', 7, 3],
    ]);
    expect(store.lastSeq).toBe(7);
  });

  it('ignores the same push delivered twice', () => {
    const store = useAnomaliesStore();
    const p = push(view({ anomalyId: 'a', seq: 3 }));
    expect(store.applyPush(p)).toBe(true);
    expect(store.applyPush(p)).toBe(false);
    expect(store.items).toHaveLength(1);
  });

  it('keeps a pushed view newer than a list fetched before it', () => {
    const store = useAnomaliesStore();
    store.applyPush(push(view({ anomalyId: 'a', seq: 8, status: 'resolved' }), 'anomaly.alert.resolved'));
    store.applyList({ items: [view({ anomalyId: 'a', seq: 5, status: 'open' })], total: 1, lastSeq: 5 });

    expect(store.items).toHaveLength(1);
    expect(store.items[0].status).toBe('resolved');
    expect(store.lastSeq).toBe(8);
  });

  it('orders anomalies raised at the same instant by sequence', () => {
    const store = useAnomaliesStore();
    store.applyPush(push(view({ anomalyId: 'x', seq: 1 })));
    store.applyPush(push(view({ anomalyId: 'y', seq: 2 })));
    expect(store.items.map((a) => a.anomalyId)).toEqual(['y', 'x']);
  });

  it('reset() forgets everything, for the next admin', () => {
    const store = useAnomaliesStore();
    store.applyList({ items: [view({ anomalyId: 'a', seq: 3 })], total: 1, lastSeq: 3 });
    store.applyPush(push(view({ anomalyId: 'b', seq: 4 })));
    store.setLive('live');
    store.reset();
    expect([store.items, store.lastSeq, store.loaded, store.live, store.highlighted.size]).toEqual([[], 0, false, 'connecting', 0]);
  });
});
