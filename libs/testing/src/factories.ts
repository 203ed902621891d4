import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  centsToEuros,
  createEvent,
  eurosToCents,
  type Envelope,
  type EventData,
  type EventMeta,
  type EventType,
} from '@vigie/contracts';

const SAMPLES_DIR = path.join(__dirname, '..', '..', 'contracts', 'samples');
const samples = new Map<string, { source: string; siteId: string; data: Record<string, unknown> }>();

function sample(type: EventType) {
  let s = samples.get(type);
  if (!s) {
    const raw = JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, `${type}.v1.json`), 'utf8'));
    s = { source: raw.source, siteId: raw.siteId, data: raw.data };
    samples.set(type, s);
  }
  return s;
}

/**
 * A valid current-version event of `type`: the saved sample's data with `data` merged over it, a
 * fresh id and `occurredAt` = now unless `meta` says otherwise. Throws ContractError when the
 * overrides break the contract.
 */
export function makeEvent<T extends EventType>(
  type: T,
  data: Partial<EventData<T>> = {},
  meta: Partial<EventMeta> = {},
): Envelope<T> {
  const s = sample(type);
  return createEvent(type, { ...structuredClone(s.data), ...data } as EventData<T>, {
    source: s.source,
    siteId: s.siteId,
    ...meta,
  });
}

export interface CashSessionClosedInput {
  registerId: string;
  openingAmount: number;
  cashSales: number;
  countedCash: number;
  sessionId?: string;
  operatorId?: string;
  /** Cash + card + cheque; defaults to `cashSales`. */
  totalSales?: number;
  salesCount?: number;
  comment?: string;
}

/** A `cash.session.closed` whose expectedCash and variance follow the cash rule (in cents). */
export function cashSessionClosed(
  input: CashSessionClosedInput,
  meta: Partial<EventMeta> = {},
): Envelope<'cash.session.closed'> {
  const expected = eurosToCents(input.openingAmount) + eurosToCents(input.cashSales);
  const variance = eurosToCents(input.countedCash) - expected;
  const data: EventData<'cash.session.closed'> = {
    sessionId: input.sessionId ?? `sess-${Math.random().toString(36).slice(2, 10)}`,
    registerId: input.registerId,
    operatorId: input.operatorId ?? 'op-1',
    openingAmount: input.openingAmount,
    cashSales: input.cashSales,
    expectedCash: centsToEuros(expected),
    countedCash: input.countedCash,
    variance: centsToEuros(variance),
    totalSales: input.totalSales ?? input.cashSales,
    salesCount: input.salesCount ?? 1,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
  };
  const s = sample('cash.session.closed');
  return createEvent('cash.session.closed', data, { source: s.source, siteId: s.siteId, ...meta });
}
