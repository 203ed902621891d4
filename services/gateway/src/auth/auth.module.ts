import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OutboxModule } from '@vigie/persistence';
import type { GatewayConfig } from '../config';
import { AccessTokens } from './access-tokens';
import { AccountRepository } from './account.repository';
import { AccountsController } from './accounts/accounts.controller';
import { CreateAccount } from './accounts/create-account.usecase';
import { ListAccounts } from './accounts/list-accounts.usecase';
import { ResetPassword } from './accounts/reset-password.usecase';
import { UpdateAccount } from './accounts/update-account.usecase';
import { ApiAuthGuard } from './api-auth.guard';
import { AuthController } from './auth.controller';
import { AUTH_SETTINGS, authSettings } from './auth-settings';
import { Authenticator } from './authenticator';
import { BootstrapSuperAdmin } from './bootstrap-super-admin';
import { ChangeOwnPassword } from './change-own-password.usecase';
import { LoginEvents } from './login-events';
import { LoginRateLimiter } from './login-rate-limiter';
import { Login } from './login.usecase';
import { Logout } from './logout.usecase';
import { Principals } from './principal';
import { RefreshSession } from './refresh-session.usecase';
import { SessionRevocations } from './session-revocations';
import { SessionTokens } from './session-tokens';

/**
 * Accounts, login, tokens and the global guard of `/api`. Needs the app's MikroORM (with
 * `AccountSchema` and `OutboxEventSchema`), MessagingModule and HealthModule.
 */
@Module({})
export class AuthModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [OutboxModule.forRoot({ service: 'gateway', intervalMs: 2000 })],
      controllers: [AuthController, AccountsController],
      providers: [
        { provide: AUTH_SETTINGS, useValue: authSettings(config) },
        { provide: AccessTokens, useValue: new AccessTokens(config.AUTH_SECRET) },
        { provide: Principals, useValue: new Principals(config.AUTH_SECRET) },
        { provide: LoginRateLimiter, useValue: new LoginRateLimiter() },
        AccountRepository,
        Authenticator,
        SessionTokens,
        SessionRevocations,
        LoginEvents,
        Login,
        RefreshSession,
        ListAccounts,
        CreateAccount,
        UpdateAccount,
        ResetPassword,
        Logout,
        ChangeOwnPassword,
        BootstrapSuperAdmin,
        { provide: APP_GUARD, useClass: ApiAuthGuard },
      ],
      exports: [Authenticator, SessionRevocations],
    };
  }
}
