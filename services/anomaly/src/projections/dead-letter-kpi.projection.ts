import type { DeadLetterRecord } from '@vigie/contracts';
import { decodeDeadLetter } from '@vigie/messaging';
import type { KpiProjection } from './kpi-projection';
import { GLOBAL_SITE, parisDay } from './kpi';

const BY_KIND: Record<DeadLetterRecord['kind'], string> = {
  invalid: 'invalid',
  poison: 'poison',
  'max-deliveries': 'maxDeliveries',
};

/** Per durable consumer: messages dead-lettered, by kind, on the day they were given up on. */
export const deadLetterKpiProjection: KpiProjection<DeadLetterRecord> = {
  stream: 'DEADLETTER',
  kind: 'deadletter',
  decode: decodeDeadLetter,
  evolve(delta, record) {
    return delta.add(
      { day: parisDay(record.deadLetteredAt), siteId: GLOBAL_SITE, kind: 'deadletter', key: record.durable },
      { deadLetters: 1, [BY_KIND[record.kind]]: 1 },
    );
  },
};
