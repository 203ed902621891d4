import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Where the middleware is mounted; express reports it as the route of requests no controller matched. */
export const ALL_PATHS = '{*path}';

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.on('finish', () => {
      // The route pattern, never the raw URL: ids in paths would explode the series count.
      const route = (req.route as { path?: string } | undefined)?.path;
      const matched = route !== undefined && route !== `/${ALL_PATHS}`;
      this.metrics.httpRequests.inc({
        method: req.method,
        route: matched ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  }
}
