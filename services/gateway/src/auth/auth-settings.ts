import type { GatewayConfig } from '../config';

export interface AuthSettings {
  tokenTtlSeconds: number;
  sessionMaxSeconds: number;
  bootstrap?: { login: string; password: string };
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export function authSettings(config: GatewayConfig): AuthSettings {
  const { ADMIN_BOOTSTRAP_LOGIN: login, ADMIN_BOOTSTRAP_PASSWORD: password } = config;
  return {
    tokenTtlSeconds: config.AUTH_TOKEN_TTL_SECONDS,
    sessionMaxSeconds: config.AUTH_SESSION_MAX_SECONDS,
    ...(login && password ? { bootstrap: { login, password } } : {}),
  };
}
