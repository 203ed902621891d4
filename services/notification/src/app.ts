import type { Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import { AppModule, persistenceOptions, SERVICE } from './app.module';
import { loadConfig } from './config';

/** Boots the notification service: migrations first, then the bot, the consumers and the dispatcher. */
export async function startNotification(env: Env): Promise<RunningService> {
  const config = loadConfig(env);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(AppModule.register(config), {
    name: SERVICE,
    port: config.NOTIFICATION_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}
