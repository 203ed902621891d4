export interface HealthModuleOptions {
  /** Service name: the `service` label of every metric. */
  service: string;
  /** Check the NATS connection of the `Bus` (from MessagingModule). Default true. */
  nats?: boolean;
  /** Check Postgres through the `MikroORM` instance (from MikroOrmModule). Default true. */
  postgres?: boolean;
  /** Per-check timeout of /health/ready, ms. Default 2000. */
  timeoutMs?: number;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
