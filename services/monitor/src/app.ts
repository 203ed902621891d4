import { parseEnv, type Env } from '@vigie/config';
import { startNestService, type RunningService } from '@vigie/health';
import { AppModule } from './app.module';
import { MonitorEnv, SERVICE } from './config';

/** Boots the monitor: probes every target's /health/ready, emits ticks and heartbeats, watches notification. */
export async function startMonitor(env: Env): Promise<RunningService> {
  const config = parseEnv(SERVICE, MonitorEnv, env);
  return startNestService(AppModule.register(config), {
    name: SERVICE,
    port: config.MONITOR_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}
