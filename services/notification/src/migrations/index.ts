import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261130100000 } from './Migration20261130100000';
import { Migration20261201120000 } from './Migration20261201120000';

export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261130100000', class: Migration20261130100000 },
  { name: 'Migration20261201120000', class: Migration20261201120000 },
];
