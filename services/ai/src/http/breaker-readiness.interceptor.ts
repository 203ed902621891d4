import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { GuardedClassifier } from '../classifier/guarded-classifier';

interface ReadinessBody {
  info?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/**
 * Adds the provider's breaker to `/health/ready` (as `breaker:<model>`). Always `up`: with the
 * breaker open the local rules still answer, so the service stays ready, just degraded.
 * An interceptor because @vigie/health's readiness check has no hook for extra details yet.
 */
@Injectable()
export class BreakerReadinessInterceptor implements NestInterceptor {
  constructor(private readonly classifier: GuardedClassifier) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<Request>().path !== '/health/ready') {
      return next.handle();
    }
    return next.handle().pipe(map((body: ReadinessBody) => this.withBreaker(body)));
  }

  private withBreaker(body: ReadinessBody): ReadinessBody {
    if (!body?.details) return body;
    const breaker = {
      [`breaker:${this.classifier.primaryModel}`]: {
        status: 'up',
        state: this.classifier.state,
        fallbackModel: this.classifier.fallbackModel,
      },
    };
    return { ...body, ...(body.info ? { info: { ...body.info, ...breaker } } : {}), details: { ...body.details, ...breaker } };
  }
}
