import { parseEnv, type Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import { AppModule, persistenceOptions, SERVICE } from './app.module';
import { CashEnv } from './config';

/** Boots the cash service: database and migrations first, then the REST API and the outbox relay. */
export async function startCash(env: Env): Promise<RunningService> {
  const config = parseEnv(SERVICE, CashEnv, env);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(AppModule.register(config), {
    name: SERVICE,
    port: config.CASH_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}
