import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { ConsumerStatus } from '../consumer-registry';
import { withTimeout } from '../with-timeout';

export async function checkConsumer(
  indicator: HealthIndicatorService,
  name: string,
  handle: ConsumerStatus,
  timeoutMs: number,
): Promise<HealthIndicatorResult> {
  const session = indicator.check(`consumer:${name}`);
  try {
    const { running, pending } = await withTimeout(handle.info(), timeoutMs, `consumer ${name} info`);
    const details: Record<string, unknown> = pending === undefined ? {} : { pending };
    return running ? session.up(details) : session.down({ message: 'not running', ...details });
  } catch (e) {
    return session.down({ message: (e as Error).message });
  }
}
