import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121195206 } from './Migration20261121195206';

/** Every committed migration, oldest first. `npm run migration:create` writes a new one from the entities; append it here. */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261121195206', class: Migration20261121195206 }];
