import { decodeEventAt, eventSubject } from './subjects';
import { createEvent, encodeEvent } from './envelope';
import { topology } from './topology';

const topo = topology('t1a2');
const closed = createEvent(
  'cash.session.closed',
  {
    sessionId: 's-1',
    registerId: 'reg-1',
    operatorId: 'op-1',
    openingAmount: 100,
    cashSales: 50,
    expectedCash: 150,
    countedCash: 150,
    variance: 0,
    totalSales: 50,
    salesCount: 1,
  },
  { source: 'cash', siteId: 'site-1' },
);

describe('decodeEventAt', () => {
  it('decodes an event read on the subject its type, siteId and key give', () => {
    expect(eventSubject(topo, closed)).toBe('recyclic-t1a2.cash.session.closed.site-1.reg-1');
    expect(decodeEventAt(topo, 'recyclic-t1a2.cash.session.closed.site-1.reg-1', encodeEvent(closed))).toEqual(closed);
  });

  it.each([
    ['another site', 'recyclic-t1a2.cash.session.closed.site-2.reg-1'],
    ['another key', 'recyclic-t1a2.cash.session.closed.site-1.reg-2'],
    ['another type', 'recyclic-t1a2.cash.session.opened.site-1.reg-1'],
    ['another stream', 'recyclic-t1a2.sync.run.failed.site-1.reg-1'],
    ['another namespace', 'recyclic.cash.session.closed.site-1.reg-1'],
  ])('refuses the same event published on %s, naming both subjects', (_what, subject) => {
    expect(() => decodeEventAt(topo, subject, encodeEvent(closed))).toThrow(
      `invalid event cash.session.closed: subject: published on ${subject}; its type, siteId and key give recyclic-t1a2.cash.session.closed.site-1.reg-1`,
    );
  });
});
