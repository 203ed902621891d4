import { MikroORM } from '@mikro-orm/postgresql';
import { parseEnv, type Env } from '@vigie/config';
import { Bus } from '@vigie/messaging';
import { ormConfig, prepareDatabase } from '@vigie/persistence';
import { persistenceOptions, SERVICE } from '../app.module';
import { AnomalyEnv } from '../config';
import { checkProjections, KPI_PROJECTIONS } from './index';
import { rebuildProjections, type RebuildResult } from './rebuild-projections';

/** `npm run rebuild:projections`: the anomaly service's env, its migrations, then one rebuild. */
export async function runRebuild(env: Env): Promise<RebuildResult> {
  const config = parseEnv(SERVICE, AnomalyEnv, env);
  const options = persistenceOptions(config);
  await prepareDatabase(options);
  const orm = await MikroORM.init(ormConfig(options));
  try {
    const bus = await Bus.connect({ url: config.NATS_URL, namespace: config.VIGIE_NAMESPACE, name: `${SERVICE}-rebuild` });
    try {
      return await rebuildProjections(bus, orm.em, checkProjections(KPI_PROJECTIONS));
    } finally {
      await bus.close();
    }
  } finally {
    await orm.close(true);
  }
}

export function describeRebuild(result: RebuildResult): string {
  const lines = result.streams.map(
    (s) => `  ${s.stream.padEnd(10)} folded ${s.folded}, skipped ${s.skipped}, checkpoint ${s.checkpoint}`,
  );
  return [`kpi_daily rebuilt: ${result.rows} rows, ${result.instances} service instances`, ...lines].join('\n');
}
