import { Migration } from '@mikro-orm/migrations';

export class Migration20261121230000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "import_run" drop constraint if exists "import_run_status_check";`);
    this.addSql(`alter table "import_run" add constraint "import_run_status_check" check ("status" in ('queued', 'awaiting_approval', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'));`);
    this.addSql(`alter table "schedule" add column "change_threshold" double precision null default 0.2;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "schedule" drop column "change_threshold";`);
    this.addSql(`alter table "import_run" drop constraint if exists "import_run_status_check";`);
    this.addSql(`alter table "import_run" add constraint "import_run_status_check" check ("status" in ('queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'));`);
  }

}
