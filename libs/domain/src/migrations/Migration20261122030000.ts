import { Migration } from '@mikro-orm/migrations';

export class Migration20261122030000 extends Migration {

  override async up(): Promise<void> {
    // Keyset paging of one workspace's contacts in id order, index-driven whatever the table's statistics say.
    this.addSql(`create index "contact_workspace_id_index" on "contact" ("workspace_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "contact_workspace_id_index";`);
  }

}
