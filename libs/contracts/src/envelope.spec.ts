import { createEvent, decodeEvent, safeDecodeEvent } from './envelope';
import { ContractError } from './errors';
import { uuidv7 } from './ids';
import { anomalyFilter, eventSubject, typeFilter } from './subjects';
import { topology } from './topology';

const closed = {
  sessionId: 'sess-1',
  registerId: 'reg-1',
  operatorId: 'op-1',
  openingAmount: 100,
  cashSales: 50,
  expectedCash: 150,
  countedCash: 135,
  variance: -15,
  totalSales: 80,
  salesCount: 4,
  comment: 'erreur de rendu',
};

describe('createEvent / decodeEvent', () => {
  it('builds a valid v1 envelope with a UUIDv7 id', () => {
    const e = createEvent('cash.session.closed', closed, { source: 'cash', siteId: 'site-1' });
    expect(e.version).toBe(1);
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(decodeEvent(JSON.stringify(e))).toEqual(e);
  });

  it('lists every problem of a bad event in one ContractError', () => {
    const bad = {
      id: 'nope',
      type: 'cash.session.closed',
      version: 1,
      occurredAt: 'yesterday',
      source: 'cash',
      siteId: 'site 1',
      data: { ...closed, variance: 'x' },
    };
    const result = safeDecodeEvent(bad);
    expect(result.ok).toBe(false);
    const error = (result as { error: ContractError }).error;
    expect(error.issues.map((i) => i.path).sort()).toEqual(['id', 'occurredAt', 'siteId']);
    expect(error.message).toContain('siteId');
  });

  it('checks data against the schema of its type and reports data paths', () => {
    try {
      createEvent('cash.session.closed', { ...closed, variance: -14 }, { source: 'cash', siteId: 'site-1' });
      throw new Error('expected a ContractError');
    } catch (e) {
      expect(e).toBeInstanceOf(ContractError);
      expect((e as ContractError).issues).toEqual([
        { path: 'data.variance', message: 'must equal countedCash - expectedCash' },
      ]);
    }
  });

  it.each([
    ['not JSON', '{"id":'],
    ['unknown type', JSON.stringify({ id: uuidv7(), type: 'cash.drawer.exploded', version: 1, occurredAt: '2026-11-30T09:00:00Z', source: 'x', siteId: 's', data: {} })],
    ['unknown version', JSON.stringify({ id: uuidv7(), type: 'ops.tick.emitted', version: 9, occurredAt: '2026-11-30T09:00:00Z', source: 'x', siteId: 's', data: {} })],
    ['extra envelope field', JSON.stringify({ id: uuidv7(), type: 'ops.tick.emitted', version: 1, occurredAt: '2026-11-30T09:00:00Z', source: 'x', siteId: 's', data: {}, evil: 1 })],
  ])('refuses %s', (_name, raw) => {
    expect(() => decodeEvent(raw)).toThrow(ContractError);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => decodeEvent(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toThrow('not valid UTF-8');
  });

  it('refuses payloads over the size limit', () => {
    expect(() => decodeEvent('x'.repeat(70 * 1024))).toThrow('larger than');
  });
});

describe('subjects', () => {
  it('puts siteId and the domain key in the subject, never personal data', () => {
    const e = createEvent('cash.session.closed', closed, { source: 'cash', siteId: 'site-1' });
    expect(eventSubject(topology(), e)).toBe('recyclic.cash.session.closed.site-1.reg-1');
    expect(eventSubject(topology('t1'), e)).toBe('recyclic-t1.cash.session.closed.site-1.reg-1');
  });

  it('gives ANOMALY subjects seven tokens so rule families can be selected', () => {
    const e = createEvent(
      'anomaly.alert.raised',
      { anomalyId: 'a1', ruleId: 'cash.variance', ruleVersion: 1, severity: 'warning', key: 'reg-1', title: 't', summary: '', evidence: [], details: {} },
      { source: 'anomaly', siteId: 'site-1' },
    );
    const subject = eventSubject(topology(), e);
    expect(subject).toBe('recyclic.anomaly.alert.raised.site-1.cash.variance');
    expect(subject.split('.')).toHaveLength(7);
    expect(anomalyFilter(topology(), { family: 'cash' })).toBe('recyclic.anomaly.alert.*.*.cash.*');
  });

  it('refuses tokens that would inject into a subject', () => {
    expect(() => typeFilter(topology(), 'cash.session.closed', 'a.>')).toThrow('not a valid subject token');
    expect(() => topology('BAD.ns')).toThrow();
  });
});
