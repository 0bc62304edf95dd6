import type { MigrationObject } from '@mikro-orm/core';

/**
 * Every committed migration, oldest first. `npm run migration:create` writes a
 * new one from the entities; append its name here (a test checks the list
 * against the folder).
 */
export const MIGRATION_NAMES: readonly string[] = [
  'Migration20261121195206',
  'Migration20261121215814',
  'Migration20261121220620',
  'Migration20261121223000',
  'Migration20261121224000',
  'Migration20261121225000',
  'Migration20261121230000',
  'Migration20261121235500',
  'Migration20261122010000',
  'Migration20261122020000',
  'Migration20261122030000',
  'Migration20261122040000',
  'Migration20261122050000',
];

/**
 * The migration classes, loaded only when a database is behind: they pull in
 * the migrator, which every command would otherwise load for nothing.
 */
export function loadMigrations(): MigrationObject[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return MIGRATION_NAMES.map((name) => ({ name, class: require(`./${name}`)[name] }));
}
