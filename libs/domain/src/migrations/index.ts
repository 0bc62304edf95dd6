import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121195206 } from './Migration20261121195206';
import { Migration20261121215814 } from './Migration20261121215814';
import { Migration20261121220620 } from './Migration20261121220620';
import { Migration20261121223000 } from './Migration20261121223000';
import { Migration20261121224000 } from './Migration20261121224000';
import { Migration20261121225000 } from './Migration20261121225000';
import { Migration20261121230000 } from './Migration20261121230000';
import { Migration20261121235500 } from './Migration20261121235500';
import { Migration20261122030000 } from './Migration20261122030000';

/** Every committed migration, oldest first. `npm run migration:create` writes a new one from the entities; append it here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121195206', class: Migration20261121195206 },
  { name: 'Migration20261121215814', class: Migration20261121215814 },
  { name: 'Migration20261121220620', class: Migration20261121220620 },
  { name: 'Migration20261121223000', class: Migration20261121223000 },
  { name: 'Migration20261121224000', class: Migration20261121224000 },
  { name: 'Migration20261121225000', class: Migration20261121225000 },
  { name: 'Migration20261121230000', class: Migration20261121230000 },
  { name: 'Migration20261121235500', class: Migration20261121235500 },
  { name: 'Migration20261122030000', class: Migration20261122030000 },
];
