import { DomainError } from '@vigie/health';
import { eventsOfBody, MAX_BATCH } from './ingest-request';

function refusal(body: unknown): { code: string; status: number; message: string } {
  try {
    eventsOfBody(body);
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, status: e.status, message: e.message };
    throw e;
  }
  throw new Error('accepted');
}

describe('eventsOfBody', () => {
  it('one envelope is a batch of one; a batch is its events, unvalidated', () => {
    expect(eventsOfBody({ id: 'x' })).toEqual([{ id: 'x' }]);
    expect(eventsOfBody({})).toEqual([{}]);
    expect(eventsOfBody({ events: [{ id: 'a' }, 7] })).toEqual([{ id: 'a' }, 7]);
  });

  it.each([[[]], [null], ['text'], [undefined], [[{ id: 'a' }]]])('refuses a body that is not an object: %j', (body) => {
    expect(refusal(body)).toMatchObject({ code: 'ingest.invalid-body', status: 400 });
  });

  it.each([
    [{ events: [] }, '1 to 1000'],
    [{ events: { id: 'a' } }, '1 to 1000'],
    [{ events: [{}], source: 'x' }, 'unexpected: source'],
  ])('refuses a malformed batch %j', (body, text) => {
    expect(refusal(body)).toMatchObject({
      code: 'ingest.invalid-body',
      status: 400,
      message: expect.stringContaining(text),
    });
  });

  it(`takes ${MAX_BATCH} events and refuses one more with 413 ingest.batch-too-large`, () => {
    expect(eventsOfBody({ events: new Array(MAX_BATCH).fill({}) })).toHaveLength(MAX_BATCH);
    expect(refusal({ events: new Array(MAX_BATCH + 1).fill({}) })).toMatchObject({
      code: 'ingest.batch-too-large',
      status: 413,
      message: expect.stringContaining('1001'),
    });
  });
});
