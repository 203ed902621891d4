import { type DynamicModule, Module } from '@nestjs/common';
import { TOKEN_PATTERN } from '@vigie/contracts';
import { HeartbeatEmitter } from './heartbeat.emitter';
import { HEARTBEAT_OPTIONS, type HeartbeatOptions } from './heartbeat.options';

/**
 * Makes a service publish `ops.heartbeat.emitted` (siteId `global`) at boot and every `intervalMs`,
 * until shutdown; the `service.down` rule raises when they stop. Needs `MessagingModule` (for its
 * `EventPublisher`) with the OPS stream; counts what it publishes in `MetricsService` when present.
 */
@Module({})
export class HeartbeatModule {
  static forRoot(options: HeartbeatOptions): DynamicModule {
    if (!TOKEN_PATTERN.test(options.service)) {
      throw new Error(`HeartbeatModule: service "${options.service}" must match ${TOKEN_PATTERN}`);
    }
    if (options.intervalMs !== undefined && !(Number.isInteger(options.intervalMs) && options.intervalMs > 0)) {
      throw new Error(`HeartbeatModule: intervalMs must be a positive integer, got ${options.intervalMs}`);
    }
    if (options.version !== undefined && !(options.version.length > 0 && options.version.length <= 64)) {
      throw new Error('HeartbeatModule: version must be 1 to 64 characters');
    }
    return {
      module: HeartbeatModule,
      providers: [{ provide: HEARTBEAT_OPTIONS, useValue: options }, HeartbeatEmitter],
      exports: [HeartbeatEmitter],
    };
  }
}
