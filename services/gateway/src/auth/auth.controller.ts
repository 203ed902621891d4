import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { LoginRequest, type LoginResponse, type MeResponse } from '@vigie/contracts';
import { ZodBody } from '@vigie/health';
import type { Request, Response } from 'express';
import { CurrentAccount } from './api-auth.guard';
import type { AuthenticatedAccount } from './authenticator';
import { Login, LoginRateLimited } from './login.usecase';
import { RefreshSession } from './refresh-session.usecase';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly login: Login,
    private readonly refreshSession: RefreshSession,
  ) {}

  /** Public (see PUBLIC_API_ROUTES). */
  @Post('login')
  @HttpCode(200)
  async logIn(
    @ZodBody(LoginRequest) body: LoginRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    res.setHeader('cache-control', 'no-store');
    try {
      return await this.login.execute(body, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    } catch (e) {
      if (e instanceof LoginRateLimited) res.setHeader('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@CurrentAccount() account: AuthenticatedAccount, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    res.setHeader('cache-control', 'no-store');
    return this.refreshSession.execute(account);
  }

  @Get('me')
  me(@CurrentAccount() account: AuthenticatedAccount): MeResponse {
    return {
      account: { id: account.accountId, login: account.login, role: account.role },
      expiresAt: new Date(account.expiresAtMs).toISOString(),
    };
  }
}
