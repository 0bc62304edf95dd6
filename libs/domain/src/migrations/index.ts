import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121195206 } from './Migration20261121195206';

/** Every committed migration, oldest first. Append new ones here (generated with `npm run migration:create`). */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261121195206', class: Migration20261121195206 }];
