import { startNestService, type RunningService } from '@vigie/health';
import { prepareDatabase } from '@vigie/persistence';
import type { Env } from '@vigie/config';
import { AppModule, persistenceOptions, SERVICE } from './app.module';
import { gatewayConfig } from './config';
import { securityHeaders } from './http/security-headers.middleware';

/**
 * Boots the gateway: migrations, then accounts (the first super-admin), the ANOMALY feed and the OPS
 * health projection, the admin REST API (its own projections and read proxies of the anomaly, monitor,
 * reporting and notification services), the live Socket.IO feed, JetStream sampling and the dashboard.
 */
export async function startGateway(env: Env): Promise<RunningService> {
  const config = gatewayConfig(env);
  await prepareDatabase(persistenceOptions(config));
  return startNestService(AppModule.register(config), {
    name: SERVICE,
    port: config.GATEWAY_PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    middleware: [securityHeaders()],
  });
}
