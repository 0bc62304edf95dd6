#!/usr/bin/env node
'use strict';
// `npm run migration:create`: compares the entities with a scratch database
// that has every committed migration applied, and writes the difference as a
// new migration in libs/domain/src/migrations. Append its name to MIGRATION_NAMES there.
// Needs a PostgreSQL server (FERRY_MIGRATION_SERVER_URL, default the local one).
const path = require('node:path');
const { Client } = require('pg');
const { MikroORM } = require('@mikro-orm/postgresql');
const { Migrator } = require('@mikro-orm/migrations');
const { ormOptions } = require('../../../dist/libs/domain/src');

const server = process.env.FERRY_MIGRATION_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `ferry_migration_${process.pid}`;

async function main() {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    const orm = await MikroORM.init(ormOptions({ url }, true));
    Migrator.register(orm);
    await orm.getMigrator().up();
    // Write new files as TypeScript into the source folder; committed ones stay listed in code.
    orm.config.get('migrations').path = path.resolve(__dirname, '../src/migrations');
    orm.config.get('migrations').emit = 'ts';
    const created = await orm.getMigrator().createMigration();
    await orm.close(true);
    console.log(created.fileName ? `Wrote ${created.fileName}: add its name to MIGRATION_NAMES in migrations/index.ts.` : 'The entities match the migrations: nothing to write.');
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
