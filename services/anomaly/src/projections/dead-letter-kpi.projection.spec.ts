import { buildDeadLetter } from '@vigie/messaging';
import { deadLetterKpiProjection } from './dead-letter-kpi.projection';
import { KpiDelta } from './kpi-delta';

const letter = (durable: string, kind: 'invalid' | 'poison' | 'max-deliveries', now: string) =>
  buildDeadLetter({
    streamName: 'CASH',
    durable,
    subject: 'recyclic.cash.session.closed.site-1.reg-1',
    seq: 4,
    deliveryCount: 1,
    kind,
    reason: 'data.variance: expected number',
    data: new TextEncoder().encode('{}'),
    now: new Date(now),
  });

describe('dead-letter KPI projection', () => {
  it('counts dead letters per durable and kind, on the Paris day they were given up on, site global', () => {
    const records = [
      letter('anomaly-detectors', 'invalid', '2026-06-10T21:00:00.000Z'),
      letter('anomaly-detectors', 'max-deliveries', '2026-06-10T23:00:00.000Z'),
      letter('notification-alerts', 'poison', '2026-06-10T08:00:00.000Z'),
    ];
    const rows = records.reduce((d, r) => deadLetterKpiProjection.evolve(d, r), new KpiDelta()).rows();
    expect(rows).toEqual([
      { day: '2026-06-10', siteId: 'global', kind: 'deadletter', key: 'anomaly-detectors', counters: { deadLetters: 1, invalid: 1 } },
      { day: '2026-06-10', siteId: 'global', kind: 'deadletter', key: 'notification-alerts', counters: { deadLetters: 1, poison: 1 } },
      { day: '2026-06-11', siteId: 'global', kind: 'deadletter', key: 'anomaly-detectors', counters: { deadLetters: 1, maxDeliveries: 1 } },
    ]);
  });

  it('decodes the DEADLETTER stream records, not event envelopes', () => {
    const record = letter('anomaly-detectors', 'invalid', '2026-06-10T08:00:00.000Z');
    expect(deadLetterKpiProjection.decode?.(new TextEncoder().encode(JSON.stringify(record)))).toEqual(record);
  });
});
