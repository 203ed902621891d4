import { Migration20261130090000 } from './Migration20261130090000';
import { Migration20261130100000 } from './Migration20261130100000';
import { Migration20261130110000 } from './Migration20261130110000';
import { Migration20261201090000 } from './Migration20261201090000';
import { Migration20261201100000 } from './Migration20261201100000';
import { Migration20261215090000 } from './Migration20261215090000';

export const MIGRATIONS = [
  { name: 'Migration20261130090000', class: Migration20261130090000 },
  { name: 'Migration20261130100000', class: Migration20261130100000 },
  { name: 'Migration20261130110000', class: Migration20261130110000 },
  { name: 'Migration20261201090000', class: Migration20261201090000 },
  { name: 'Migration20261201100000', class: Migration20261201100000 },
  { name: 'Migration20261215090000', class: Migration20261215090000 },
];
