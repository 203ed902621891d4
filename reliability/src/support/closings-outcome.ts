import type { Bus } from '@vigie/messaging';
import { collectEvents } from '@vigie/testing';
import { lostAndDuplicated } from './report';
import { until } from './wait';

type Count = ReturnType<typeof lostAndDuplicated>;

export interface ClosingsOutcome {
  /** Acknowledged closings found on CASH (by session id). */
  events: Count;
  /** Expected `cash.variance` anomalies raised on ANOMALY (by key). */
  raised: Count;
  /** Expected `cash.variance` anomalies in the anomaly service's list (by key). */
  rows: Count;
}

/**
 * After a load of cash closings: waits until every acknowledged closing is on CASH and every expected
 * `cash.variance` is raised and listed, then a little more so a late duplicate (an outbox row published
 * again after a kill or an outage) would show, and counts what came out of each.
 */
export async function closingsOutcome(bus: Bus, anomalyUrl: string, acknowledged: string[], expectedAnomalies: string[]): Promise<ClosingsOutcome> {
  const closedOf = async () =>
    (await collectEvents(bus, 'CASH')).flatMap((f) => (f.event.type === 'cash.session.closed' ? [f.event.data.sessionId] : []));
  const keysOf = async () => {
    const raised = (await collectEvents(bus, 'ANOMALY')).flatMap((f) =>
      f.event.type === 'anomaly.alert.raised' && f.event.data.ruleId === 'cash.variance' ? [f.event.data.key] : [],
    );
    const page = (await (await fetch(`${anomalyUrl}/anomalies?ruleId=cash.variance&limit=500`)).json()) as { items: { key: string }[] };
    return { raised, rows: page.items.map((i) => i.key) };
  };
  await until('every acknowledged closing on CASH and its anomaly raised', 120_000, async () => {
    const closed = new Set(await closedOf());
    const { raised, rows } = await keysOf();
    return acknowledged.every((s) => closed.has(s)) && expectedAnomalies.every((k) => raised.includes(k) && rows.includes(k)) ? true : undefined;
  }, 1000);
  await new Promise((r) => setTimeout(r, 3000));

  const events = lostAndDuplicated(acknowledged, await closedOf());
  const { raised, rows } = await keysOf();
  return { events, raised: lostAndDuplicated(expectedAnomalies, raised), rows: lostAndDuplicated(expectedAnomalies, rows) };
}
