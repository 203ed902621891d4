import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IngestAuth } from './ingest-auth';

/**
 * The check that guards the handler. `ingestBody` runs the same one earlier only to avoid reading
 * strangers' bodies; the route must not depend on how that parser is mounted.
 */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  constructor(private readonly auth: IngestAuth) {}

  canActivate(context: ExecutionContext): boolean {
    this.auth.verify(context.switchToHttp().getRequest<Request>().headers.authorization);
    return true;
  }
}
