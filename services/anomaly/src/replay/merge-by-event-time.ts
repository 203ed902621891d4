/** One item of a stream being merged: its event time and its position in the stream. */
export interface Timed {
  occurredAt: string;
  stream: string;
  seq: number;
}

/**
 * Merges per-stream sequences (each in stream order) into one sequence ordered by event time, ties
 * broken by stream name then sequence — a total order, so every replay of the same history
 * interleaves the streams identically. Within a stream the order is kept even when event times go
 * backwards (a late event stays after the ones stored before it).
 */
export async function* mergeByEventTime<T extends Timed>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const heads = await Promise.all(iterators.map((it) => it.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h.done) continue;
      if (best < 0 || before(h.value, (heads[best] as IteratorYieldResult<T>).value)) best = i;
    }
    if (best < 0) return;
    yield (heads[best] as IteratorYieldResult<T>).value;
    heads[best] = await iterators[best].next();
  }
}

function before(a: Timed, b: Timed): boolean {
  if (a.occurredAt !== b.occurredAt) return Date.parse(a.occurredAt) < Date.parse(b.occurredAt);
  if (a.stream !== b.stream) return a.stream < b.stream;
  return a.seq < b.seq;
}
