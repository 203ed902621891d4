import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AccountRole } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import type { Request } from 'express';
import { Authenticator, bearerToken, type AuthenticatedAccount } from './authenticator';

/**
 * The only `/api` routes reachable without an account token: logging in, and the ingest of domain
 * events, which checks its own INGEST_TOKENS. Matched on the route pattern, never the raw URL.
 */
export const PUBLIC_API_ROUTES: readonly string[] = ['POST /api/auth/login', 'POST /api/events'];

export const ADMIN_ROLES: readonly AccountRole[] = ['admin', 'super-admin'];

const ROLES = 'vigie:required-roles';

/** Narrows who may call a controller or handler (default: any admin). */
export const RequireRoles = (...roles: AccountRole[]) => SetMetadata(ROLES, roles);

export interface AuthenticatedRequest extends Request {
  account?: AuthenticatedAccount;
}

/** The caller, as the guard authenticated it. */
export const CurrentAccount = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedAccount => {
  const account = ctx.switchToHttp().getRequest<AuthenticatedRequest>().account;
  if (!account) throw new Error('CurrentAccount used on a route the ApiAuthGuard does not authenticate');
  return account;
});

/**
 * Global guard: every `/api` route needs `Authorization: Bearer <token>` of an enabled account whose
 * role the route accepts — 401 `auth.unauthorized`, 403 `auth.forbidden` — except PUBLIC_API_ROUTES.
 * Routes outside `/api` (probes, metrics) stay open; the dashboard files are served by a middleware.
 */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket.IO connections are authenticated once, at the handshake (LiveGateway).
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const pattern = (req.route as { path?: string } | undefined)?.path ?? req.path;
    if (pattern !== '/api' && !pattern.startsWith('/api/')) return true;
    if (PUBLIC_API_ROUTES.includes(`${req.method} ${pattern}`)) return true;
    const account = await this.authenticator.authenticate(bearerToken(req.headers.authorization));
    const roles =
      this.reflector.getAllAndOverride<AccountRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]) ??
      ADMIN_ROLES;
    if (!roles.includes(account.role)) {
      throw new DomainError('auth.forbidden', `this action needs the role ${roles.join(' or ')}`, 403);
    }
    req.account = account;
    return true;
  }
}
