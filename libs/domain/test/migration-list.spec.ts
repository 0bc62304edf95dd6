import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadMigrations, MIGRATION_NAMES } from '../src/migrations';

describe('the migration list', () => {
  it('names every migration in the folder, oldest first, each loading its class', () => {
    const files = readdirSync(path.join(__dirname, '../src/migrations')).filter((f) => /^Migration\d+\.ts$/.test(f)).map((f) => f.slice(0, -3)).sort();
    expect([...MIGRATION_NAMES]).toEqual(files);
    for (const migration of loadMigrations()) expect(typeof migration.class).toBe('function');
  });
});
