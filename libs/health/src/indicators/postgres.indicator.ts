import type { MikroORM } from '@mikro-orm/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { withTimeout } from '../with-timeout';

/** Up when `select 1` answers within the timeout. */
export async function checkPostgres(
  indicator: HealthIndicatorService,
  orm: MikroORM,
  timeoutMs: number,
): Promise<HealthIndicatorResult> {
  const session = indicator.check('postgres');
  const started = performance.now();
  try {
    await withTimeout(orm.em.getConnection().execute('select 1'), timeoutMs, 'Postgres query');
    return session.up({ latencyMs: Math.round(performance.now() - started) });
  } catch (e) {
    return session.down({ message: (e as Error).message });
  }
}
