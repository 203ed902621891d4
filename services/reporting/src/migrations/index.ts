import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261207090000 } from './Migration20261207090000';

export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261207090000', class: Migration20261207090000 }];
