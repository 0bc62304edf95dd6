import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "schedule" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "pipeline" jsonb not null, "cron" text not null, "timezone" text not null default 'UTC', "enabled" boolean not null default true, "state" jsonb null, "skipped_slots" int not null default 0, "created_at" timestamptz not null default now(), constraint "schedule_pkey" primary key ("id"));`);
    this.addSql(`alter table "schedule" add constraint "schedule_workspace_name_unique" unique ("workspace_id", "name");`);
    this.addSql(`alter table "schedule" add constraint "schedule_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "import_run" add column "schedule_id" uuid null, add column "slot" timestamptz null;`);
    this.addSql(`alter table "import_run" add constraint "import_run_schedule_slot_unique" unique ("schedule_id", "slot");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_run" drop constraint "import_run_schedule_slot_unique";`);
    this.addSql(`alter table "import_run" drop column "schedule_id", drop column "slot";`);
    this.addSql(`drop table if exists "schedule" cascade;`);
  }

}
