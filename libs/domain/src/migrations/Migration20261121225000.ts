import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "import_run" add column "lease_owner" text null, add column "lease_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_run" drop column "lease_owner", drop column "lease_until";`);
  }

}
