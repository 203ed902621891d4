import { ingestResponse, rejectedResult, storedResult } from './ingest-result';

const accepted = (index: number) => storedResult(index, `id-${index}`, 'accepted', { stream: 'CASH', seq: 10 + index });
const duplicate = (index: number) => storedResult(index, `id-${index}`, 'duplicate', { stream: 'CASH', seq: 3 });
const refused = (index: number) => rejectedResult(index, { code: 'contract.invalid', message: 'invalid event: id: bad' });

describe('ingestResponse', () => {
  it('every event stored, new or already there → 200 with the counts', () => {
    expect(ingestResponse([accepted(0), duplicate(1), accepted(2)])).toEqual({
      status: 200,
      body: { accepted: 2, duplicates: 1, rejected: 0, results: [accepted(0), duplicate(1), accepted(2)] },
    });
    expect(ingestResponse([duplicate(0)]).status).toBe(200);
  });

  it('some stored, some rejected → 207', () => {
    const { status, body } = ingestResponse([accepted(0), refused(1), duplicate(2)]);
    expect(status).toBe(207);
    expect([body.accepted, body.duplicates, body.rejected]).toEqual([1, 1, 1]);
  });

  it('nothing stored → 400', () => {
    expect(ingestResponse([refused(0), refused(1)])).toMatchObject({
      status: 400,
      body: { accepted: 0, duplicates: 0, rejected: 2 },
    });
  });

  it('keeps results in batch order', () => {
    const results = [refused(0), accepted(1), duplicate(2), refused(3)];
    expect(ingestResponse(results).body.results.map((r) => [r.index, r.status])).toEqual([
      [0, 'rejected'],
      [1, 'accepted'],
      [2, 'duplicate'],
      [3, 'rejected'],
    ]);
  });
});

describe('result items', () => {
  it('a stored event carries its id, stream and seq, and no error', () => {
    expect(accepted(4)).toEqual({ index: 4, id: 'id-4', status: 'accepted', stream: 'CASH', seq: 14 });
  });

  it('a rejected event carries its error, and its id only when it had one', () => {
    const error = { code: 'ingest.forbidden-type', message: 'no' };
    expect(rejectedResult(2, error, 'id-2')).toEqual({ index: 2, id: 'id-2', status: 'rejected', error });
    expect(rejectedResult(2, error)).toEqual({ index: 2, status: 'rejected', error });
  });
});
