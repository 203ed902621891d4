import { parseEnv, type Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import { AppModule, persistenceOptions, SERVICE } from './app.module';
import { AnomalyEnv } from './config';

/** Boots the anomaly service: migrations first, then detectors consuming the domain streams. */
export async function startAnomaly(env: Env): Promise<RunningService> {
  const config = parseEnv(SERVICE, AnomalyEnv, env);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(AppModule.register(config), {
    name: SERVICE,
    port: config.ANOMALY_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}

// For whole-system tools (bench, audits) that run the detectors outside the service.
export { persistenceOptions } from './app.module';
export { AnomalyEnv } from './config';
export { redetect } from './replay/redetect';
