import { parseEnv, type Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import { AppModule, persistenceOptions } from './app.module';
import { AiEnv, SERVICE } from './config';

/** Boots the ai service: provider config checked first, then database and migrations, then the REST API and the outbox relay. */
export async function startAi(env: Env): Promise<RunningService> {
  const config = parseEnv(SERVICE, AiEnv, env);
  const root = AppModule.register(config);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(root, {
    name: SERVICE,
    port: config.AI_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}
