import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { TargetRegistry } from '../runs/target-registry';

interface TerminusBody {
  info?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/**
 * Adds each target's breaker (`breaker:<target>`) to the details of `GET /health/ready`, whose
 * controller lives in @vigie/health. Always `up`: an open breaker means a target is failing, which
 * SYNC events and anomalies report; taking this service out of rotation would not help.
 */
@Injectable()
export class BreakersReadinessInterceptor implements NestInterceptor {
  constructor(private readonly targets: TargetRegistry) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.getClass().name !== 'HealthController' || context.getHandler().name !== 'ready') {
      return next.handle();
    }
    return next.handle().pipe(map((body: unknown) => this.withBreakers(body)));
  }

  private withBreakers(body: unknown): unknown {
    if (typeof body !== 'object' || body === null) return body;
    const terminus = body as TerminusBody;
    const breakers = Object.fromEntries(
      this.targets.all().map(({ config }) => [`breaker:${config.name}`, { status: 'up', state: this.targets.stateOf(config.name) }]),
    );
    return { ...terminus, info: { ...terminus.info, ...breakers }, details: { ...terminus.details, ...breakers } };
  }
}
