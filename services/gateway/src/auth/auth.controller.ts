import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ChangeOwnPasswordRequest, LoginRequest, type LoginResponse, type MeResponse } from '@vigie/contracts';
import { ZodBody } from '@vigie/health';
import type { Request, Response } from 'express';
import { CurrentAccount } from './api-auth.guard';
import type { AuthenticatedAccount } from './authenticator';
import { ChangeOwnPassword } from './change-own-password.usecase';
import { Login, LoginRateLimited } from './login.usecase';
import { Logout } from './logout.usecase';
import { RefreshSession } from './refresh-session.usecase';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly login: Login,
    private readonly refreshSession: RefreshSession,
    private readonly logout: Logout,
    private readonly changeOwnPassword: ChangeOwnPassword,
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

  /** Ends the session server-side: this token (and the account's others) is refused from now on. */
  @Post('logout')
  @HttpCode(204)
  logOut(@CurrentAccount() account: AuthenticatedAccount): Promise<void> {
    return this.logout.execute(account);
  }

  @Post('password')
  @HttpCode(200)
  async changePassword(
    @ZodBody(ChangeOwnPasswordRequest) body: ChangeOwnPasswordRequest,
    @CurrentAccount() account: AuthenticatedAccount,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    res.setHeader('cache-control', 'no-store');
    try {
      return await this.changeOwnPassword.execute(account, body);
    } catch (e) {
      if (e instanceof LoginRateLimited) res.setHeader('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Get('me')
  me(@CurrentAccount() account: AuthenticatedAccount): MeResponse {
    return {
      account: { id: account.accountId, login: account.login, role: account.role },
      expiresAt: new Date(account.expiresAtMs).toISOString(),
    };
  }
}
