import { cashSessionClosed } from '@vigie/testing';

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** A valid closing whose variance is 20.00 € on a register of its own: exactly one `cash.variance` each. */
export function validClosing(i: number, runTag: string, occurredAt: Date) {
  const event = cashSessionClosed(
    { registerId: `reg-${runTag}-${i}`, sessionId: `sess-${runTag}-${i}`, openingAmount: 100, cashSales: 50, countedCash: 170, comment: 'écart' },
    { siteId: 'site-fuzz', occurredAt },
  );
  return JSON.parse(JSON.stringify(event)) as Record<string, unknown> & { id: string; data: Record<string, unknown> };
}

/** One way of being hostile; `kind` is what the run reports per family. */
export interface Hostile {
  kind: string;
  /** Raw bytes (only the NATS path can send bytes that are not JSON). */
  bytes?: Uint8Array;
  /** A JSON value (both paths). */
  value?: unknown;
}

const UNICODE_NASTIES = ['\u0000', '\u202e', '\ud800', '💥', '\u200b', '\\', '"', '\n', '%00', '../../'];
const INJECTIONS = ['site.1', 'site-1.>', '*', '>', 'a b', 'site\r\nPUB x 1', 'site\u0000', '', 'x'.repeat(200)];
const BAD_TIMES = ['2026-13-45T00:00:00Z', 'yesterday', '2026-11-30 08:00:00', '2026-11-30T08:00:00', '+275760-09-13T00:00:00Z', '0000-00-00T00:00:00Z', 1764489600000, null];

function mutateValid(rng: Rng, base: Record<string, unknown> & { data: Record<string, unknown> }): Hostile {
  const e = structuredClone(base) as Record<string, unknown> & { data: Record<string, unknown> };
  const variant = int(rng, 0, 13);
  switch (variant) {
    case 0: {
      const key = pick(rng, ['id', 'type', 'version', 'occurredAt', 'source', 'siteId', 'data']);
      delete e[key];
      return { kind: 'missing-field', value: e };
    }
    case 1: {
      const key = pick(rng, ['sessionId', 'registerId', 'operatorId', 'openingAmount', 'countedCash', 'variance', 'salesCount']);
      delete e.data[key];
      return { kind: 'missing-field', value: e };
    }
    case 2: {
      const key = pick(rng, ['id', 'type', 'version', 'occurredAt', 'source', 'siteId', 'data']);
      const value = pick(rng, [42, true, [], {}, -1, 1e308, null]);
      (e as Record<string, unknown>)[key] = key === 'data' && typeof value === 'object' ? 'not an object' : value;
      return { kind: 'wrong-type', value: e };
    }
    case 3: {
      const key = pick(rng, ['openingAmount', 'countedCash', 'variance', 'salesCount', 'sessionId']);
      e.data[key] = key === 'sessionId' ? pick(rng, [12, {}, [1], true, null]) : pick(rng, ['12,50', {}, [1], true, null, 'NaN']);
      return { kind: 'wrong-type', value: e };
    }
    case 4:
      e.version = pick(rng, [0, -1, 2, 99, 1.5, '1']);
      return { kind: 'wrong-version', value: e };
    case 5:
      e.type = pick(rng, ['cash.session.exploded', 'cash.session', 'CASH.SESSION.CLOSED', 'cash.session.closed.>', 'anomaly.alert.raised', 'ops.tick.emitted', '']);
      return { kind: 'wrong-type-name', value: e };
    case 6:
      e.occurredAt = pick(rng, BAD_TIMES);
      return { kind: 'bad-timestamp', value: e };
    case 7:
      e.siteId = pick(rng, INJECTIONS);
      return { kind: 'subject-injection', value: e };
    case 8:
      e.data.registerId = pick(rng, INJECTIONS.slice(0, 8));
      return { kind: 'subject-injection', value: e };
    case 9:
      e.id = pick(rng, ['', 'not-a-uuid', '0193' + 'z'.repeat(32), '../etc/passwd', 'x'.repeat(129), ...UNICODE_NASTIES]);
      return { kind: 'bad-id', value: e };
    case 10: {
      const polluted = JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`) as object;
      return { kind: 'prototype-pollution', value: rng() < 0.5 ? { ...e, ...polluted } : { ...e, data: { ...e.data, ...polluted } } };
    }
    case 11:
      e.data.comment = 'é'.repeat(int(rng, 40_000, 120_000));
      e.data.variance = 'huge';
      return { kind: 'huge-payload', value: e };
    case 12:
      e.extra = pick(rng, [1, 'x', { nested: true }]);
      return { kind: 'unknown-field', value: e };
    default: {
      let deep: unknown = 'bottom';
      for (let d = 0; d < int(rng, 50, 400); d++) deep = { d: deep };
      e.data = { ...e.data, variance: deep };
      return { kind: 'deep-nesting', value: e };
    }
  }
}

/** Bytes that are not a JSON event: only NATS can carry them. */
function rawBytes(rng: Rng): Hostile {
  switch (int(rng, 0, 4)) {
    case 0:
      return { kind: 'invalid-utf8', bytes: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) };
    case 1:
      return { kind: 'not-json', bytes: Buffer.from(pick(rng, ['{', 'null,', '{"id":', '<xml/>', 'PUB x 1\r\n', ''])) };
    case 2:
      return { kind: 'huge-payload', bytes: Buffer.alloc(int(rng, 70_000, 300_000), 0x61) };
    case 3: {
      const bytes = Buffer.alloc(int(rng, 1, 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(rng, 0, 255);
      return { kind: 'random-bytes', bytes };
    }
    default:
      return { kind: 'not-an-object', value: pick(rng, [null, 42, 'text', [], [1, 2], true]) };
  }
}

/** One hostile candidate: mostly a valid closing broken in one place, sometimes raw garbage. */
export function hostile(rng: Rng, base: Record<string, unknown> & { data: Record<string, unknown> }, bytesAllowed: boolean): Hostile {
  // NATS only: a valid event on a subject that is not its own (the caller publishes off its subject).
  if (bytesAllowed && rng() < 0.05) return { kind: 'subject-mismatch', value: base };
  if (rng() < 0.15) {
    const h = rawBytes(rng);
    if (h.bytes && !bytesAllowed) return { kind: 'not-an-object', value: pick(rng, [null, 42, 'text', [], [1, 2], true]) };
    return h;
  }
  return mutateValid(rng, base);
}

export function encode(h: Hostile): Uint8Array {
  return h.bytes ?? Buffer.from(JSON.stringify(h.value));
}
