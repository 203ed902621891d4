import { DeadLetterRecordV1 } from '@vigie/contracts';
import { buildDeadLetter, DEAD_LETTER_PAYLOAD_MAX_BYTES, decodeDeadLetter } from './dead-letter';

const base = {
  streamName: 'CASH',
  durable: 'anomaly-detectors',
  subject: 'recyclic.cash.session.closed.site-1.reg-1',
  seq: 42,
  deliveryCount: 1,
  kind: 'invalid' as const,
  reason: 'invalid event envelope: id: must be a UUID',
  now: new Date('2026-11-30T09:00:00.000Z'),
};

describe('buildDeadLetter', () => {
  it('keeps where the message came from, why, and its bytes', () => {
    const data = new TextEncoder().encode('{"id":"abc","type":"cash.session.closed","data":{}}');
    const record = buildDeadLetter({ ...base, data });
    expect(record).toEqual({
      stream: 'CASH',
      durable: 'anomaly-detectors',
      subject: base.subject,
      seq: 42,
      deliveryCount: 1,
      reason: base.reason,
      kind: 'invalid',
      eventId: 'abc',
      eventType: 'cash.session.closed',
      payloadBase64: Buffer.from(data).toString('base64'),
      payloadTruncated: false,
      deadLetteredAt: '2026-11-30T09:00:00.000Z',
    });
    expect(DeadLetterRecordV1.parse(record)).toEqual(record);
  });

  it('stores bytes that are not UTF-8 or JSON as they are, without an id', () => {
    const data = new Uint8Array([0xff, 0xfe, 0x00, 0x41]);
    const record = buildDeadLetter({ ...base, data });
    expect(Buffer.from(record.payloadBase64, 'base64')).toEqual(Buffer.from(data));
    expect(record.eventId).toBeUndefined();
    expect(record.eventType).toBeUndefined();
  });

  it('truncates a huge payload and a huge reason', () => {
    const data = new Uint8Array(DEAD_LETTER_PAYLOAD_MAX_BYTES + 10).fill(0x61);
    const record = buildDeadLetter({ ...base, data, reason: 'x'.repeat(10_000) });
    expect(record.payloadTruncated).toBe(true);
    expect(Buffer.from(record.payloadBase64, 'base64').byteLength).toBe(DEAD_LETTER_PAYLOAD_MAX_BYTES);
    expect(record.reason.length).toBe(4000);
  });

  it('ignores ids that are not short strings', () => {
    const data = new TextEncoder().encode(JSON.stringify({ id: 12, type: 'y'.repeat(500) }));
    const record = buildDeadLetter({ ...base, data });
    expect(record.eventId).toBeUndefined();
    expect(record.eventType).toBeUndefined();
  });
});

describe('decodeDeadLetter', () => {
  it('round-trips a record and refuses anything else with a ContractError', () => {
    const record = buildDeadLetter({ ...base, data: new Uint8Array([1]) });
    expect(decodeDeadLetter(new TextEncoder().encode(JSON.stringify(record)))).toEqual(record);
    expect(() => decodeDeadLetter(new TextEncoder().encode('nope'))).toThrow(/invalid dead letter: not JSON/);
    expect(() => decodeDeadLetter(new TextEncoder().encode('{"stream":"CASH"}'))).toThrow(/invalid dead letter: durable/);
  });
});
