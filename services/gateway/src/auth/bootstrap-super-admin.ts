import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';
import { hashPassword } from './password-hasher';

/**
 * The first super-admin, from ADMIN_BOOTSTRAP_LOGIN / ADMIN_BOOTSTRAP_PASSWORD, created while no
 * account exists, before the gateway listens. Neither the name nor the password is ever logged.
 */
@Injectable()
export class BootstrapSuperAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapSuperAdmin.name);

  constructor(
    private readonly accounts: AccountRepository,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.accounts.count()) > 0) return;
    const { bootstrap } = this.settings;
    if (!bootstrap) {
      this.logger.warn('no account exists: set ADMIN_BOOTSTRAP_LOGIN and ADMIN_BOOTSTRAP_PASSWORD to create the first super-admin');
      return;
    }
    const passwordHash = await hashPassword(bootstrap.password);
    if (await this.accounts.createIfNone({ login: bootstrap.login, role: 'super-admin', passwordHash })) {
      this.logger.log('created the first super-admin account from ADMIN_BOOTSTRAP_LOGIN');
    }
  }
}
