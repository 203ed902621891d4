import type { NatsConnection } from '@nats-io/nats-core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { withTimeout } from '../with-timeout';

/** Up when the connection is open and answers a PING within the timeout. */
export async function checkNats(
  indicator: HealthIndicatorService,
  nc: NatsConnection,
  timeoutMs: number,
): Promise<HealthIndicatorResult> {
  const session = indicator.check('nats');
  if (nc.isClosed()) return session.down({ message: 'connection closed' });
  try {
    const rtt = await withTimeout(nc.rtt(), timeoutMs, 'NATS ping');
    return session.up({ rttMs: Math.round(rtt * 100) / 100, server: nc.getServer() });
  } catch (e) {
    return session.down({ message: (e as Error).message });
  }
}
