import { Migration } from '@mikro-orm/migrations';

export class Migration20261122050000 extends Migration {

  override async up(): Promise<void> {
    // When an upload's file was deleted for its age (FERRY_UPLOAD_RETENTION_DAYS): the record stays,
    // so imports that used it still name it and anyone asking for it learns why it is gone.
    this.addSql(`alter table "upload" add column "removed_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "upload" drop column if exists "removed_at";`);
  }

}
