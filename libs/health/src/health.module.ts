import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConsumerRegistry } from './consumer-registry';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, type HealthModuleOptions } from './health.options';
import { ALL_PATHS, HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * `GET /health/live`, `GET /health/ready` (NATS, Postgres, every registered consumer; terminus JSON,
 * 200 or 503) and `GET /metrics` (this app's own Prometheus registry). Global: `MetricsService` and
 * `ConsumerRegistry` can be injected anywhere in the app.
 */
@Module({})
export class HealthModule implements NestModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: options },
        { provide: MetricsService, useFactory: () => new MetricsService(options.service) },
        ConsumerRegistry,
        HttpMetricsMiddleware,
      ],
      exports: [MetricsService, ConsumerRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: ALL_PATHS, method: RequestMethod.ALL });
  }
}
