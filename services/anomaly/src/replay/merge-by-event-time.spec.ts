import { mergeByEventTime, type Timed } from './merge-by-event-time';

async function* from(items: Timed[]) {
  for (const i of items) yield i;
}

const t = (stream: string, seq: number, minute: number): Timed => ({
  stream,
  seq,
  occurredAt: `2026-11-30T09:${String(minute).padStart(2, '0')}:00.000Z`,
});

async function collect(sources: AsyncIterable<Timed>[]) {
  const out: string[] = [];
  for await (const x of mergeByEventTime(sources)) out.push(`${x.stream}#${x.seq}`);
  return out;
}

describe('mergeByEventTime', () => {
  it('interleaves streams by event time, ties by stream then seq', async () => {
    const cash = [t('CASH', 1, 1), t('CASH', 2, 5), t('CASH', 3, 5)];
    const ops = [t('OPS', 1, 0), t('OPS', 2, 5), t('OPS', 3, 9)];
    expect(await collect([from(cash), from(ops)])).toEqual(['OPS#1', 'CASH#1', 'CASH#2', 'CASH#3', 'OPS#2', 'OPS#3']);
    expect(await collect([from(ops), from(cash)])).toEqual(['OPS#1', 'CASH#1', 'CASH#2', 'CASH#3', 'OPS#2', 'OPS#3']);
  });

  it('keeps stream order for a late event', async () => {
    const sync = [t('SYNC', 1, 4), t('SYNC', 2, 2)];
    expect(await collect([from(sync), from([t('AI', 1, 3)])])).toEqual(['AI#1', 'SYNC#1', 'SYNC#2']);
  });

  it('ends on empty sources', async () => {
    expect(await collect([from([]), from([])])).toEqual([]);
  });
});
