import { Migration } from '@mikro-orm/migrations';

export class Migration20261121223000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "import_run" add column "cancel_requested" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_run" drop column "cancel_requested";`);
  }

}
