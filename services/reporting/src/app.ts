import { parseEnv, type Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import { AppModule, persistenceOptions, SERVICE, type ReportingOptions } from './app.module';
import { ReportingEnv } from './config';

export type { ReportingOptions };
export { Clock } from './clock';

/** Boots the reporting service: migrations (Agenda's table included), then the API, the timeline consumer and Agenda. */
export async function startReporting(env: Env, options: ReportingOptions = {}): Promise<RunningService> {
  const config = parseEnv(SERVICE, ReportingEnv, env);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(AppModule.register(config, options), {
    name: SERVICE,
    port: config.REPORTING_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}
