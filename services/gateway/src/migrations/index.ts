import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261130100000 } from './Migration20261130100000';

export { ACCOUNT_MIGRATION } from './Migration20261202100000';
export { SERVICE_HEALTH_MIGRATION } from './Migration20261210100000';
export { ACCOUNT_CHANGE_MIGRATION } from './Migration20261220100000';

export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261130100000', class: Migration20261130100000 }];
