import type { Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import { AppModule, persistenceOptions } from './app.module';
import { parseSyncConfig, SERVICE } from './config';

/**
 * Boots the sync service: configuration (targets and their secrets), database and migrations, then
 * runs left over by a previous process are closed, and the REST API, outbox relay and scheduler start.
 */
export async function startSync(env: Env): Promise<RunningService> {
  const config = parseSyncConfig(env);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(AppModule.register(config), {
    name: SERVICE,
    port: config.SYNC_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}
