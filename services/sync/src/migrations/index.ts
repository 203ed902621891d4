import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261201100000 } from './Migration20261201100000';

export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261201100000', class: Migration20261201100000 }];
