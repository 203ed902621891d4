import { eurosToCents, type AnyEvent, type PaymentMethod } from '@vigie/contracts';
import type { KpiProjection } from './kpi-projection';
import { LARGE_VARIANCE_ABOVE_CENTS, parisDay, type Counters } from './kpi';

const SALES_BY_METHOD: Record<PaymentMethod, string> = {
  cash: 'salesCashCents',
  card: 'salesCardCents',
  check: 'salesCheckCents',
  other: 'salesOtherCents',
};

/**
 * Per register: sessions opened/closed, sales (count, cents, cents by payment method), and of the
 * closings, `largeVariances` (abs > 10.00 €), `largeShortfalls` (< -10.00 €) and `varianceAbsCents`.
 */
export const cashKpiProjection: KpiProjection<AnyEvent> = {
  stream: 'CASH',
  kind: 'cash',
  evolve(delta, event) {
    const at = { day: parisDay(event.occurredAt), siteId: event.siteId, kind: 'cash' as const };
    switch (event.type) {
      case 'cash.session.opened':
        return delta.add({ ...at, key: event.data.registerId }, { sessionsOpened: 1 });
      case 'cash.sale.recorded': {
        const cents = eurosToCents(event.data.amount);
        return delta.add(
          { ...at, key: event.data.registerId },
          { salesCount: 1, salesCents: cents, [SALES_BY_METHOD[event.data.paymentMethod]]: cents },
        );
      }
      case 'cash.session.closed': {
        const variance = eurosToCents(event.data.variance);
        const counters: Counters = { sessionsClosed: 1, varianceAbsCents: Math.abs(variance) };
        if (Math.abs(variance) > LARGE_VARIANCE_ABOVE_CENTS) counters.largeVariances = 1;
        if (variance < -LARGE_VARIANCE_ABOVE_CENTS) counters.largeShortfalls = 1;
        return delta.add({ ...at, key: event.data.registerId }, counters);
      }
      default:
        return delta;
    }
  },
};
