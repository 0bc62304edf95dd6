import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235500 extends Migration {

  override async up(): Promise<void> {
    // Only contacts with a username need the index: a NULL entry for every other contact slowed bulk inserts.
    this.addSql(`alter table "contact" drop constraint if exists "contact_workspace_username_key_unique";`);
    this.addSql(`create unique index "contact_workspace_username_key_unique" on "contact" ("workspace_id", "username_key") where "username_key" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "contact_workspace_username_key_unique";`);
    this.addSql(`alter table "contact" add constraint "contact_workspace_username_key_unique" unique ("workspace_id", "username_key");`);
  }

}
