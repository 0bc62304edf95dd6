import { Migration } from '@mikro-orm/migrations';

export class Migration20261121195206 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "workspace" ("id" uuid not null, "slug" text not null, "name" text not null, "created_at" timestamptz not null, constraint "workspace_pkey" primary key ("id"));`);
    this.addSql(`alter table "workspace" add constraint "workspace_slug_unique" unique ("slug");`);

    this.addSql(`create table "tag" ("id" serial primary key, "workspace_id" uuid not null, "name" text not null, "name_key" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "tag" add constraint "tag_workspace_name_key_unique" unique ("workspace_id", "name_key");`);

    this.addSql(`create table "import_run" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "sink" text not null, "dry_run" boolean not null default false, "status" text check ("status" in ('queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled')) not null default 'queued', "settings" jsonb not null, "read_count" int not null default 0, "created_count" int not null default 0, "updated_count" int not null default 0, "unchanged_count" int not null default 0, "skipped_count" int not null default 0, "failed_count" int not null default 0, "warning_count" int not null default 0, "checkpoint_row" int null, "error" jsonb null, "created_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, constraint "import_run_pkey" primary key ("id"));`);
    this.addSql(`create index "import_run_workspace_created_idx" on "import_run" ("workspace_id", "created_at");`);

    this.addSql(`create table "row_issue" ("id" bigserial primary key, "workspace_id" uuid not null, "run_id" uuid not null, "row" int not null, "file" text null, "sheet" text null, "column" text null, "value" text null, "code" text not null, "severity" text check ("severity" in ('error', 'warning')) not null, "message" text not null);`);
    this.addSql(`create index "row_issue_run_row_idx" on "row_issue" ("run_id", "row");`);

    this.addSql(`create table "custom_field" ("id" serial primary key, "workspace_id" uuid not null, "key" text not null, "label" text not null, "type" text check ("type" in ('text', 'number', 'date', 'boolean', 'select')) not null, "options" text[] null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "custom_field" add constraint "custom_field_workspace_key_unique" unique ("workspace_id", "key");`);

    this.addSql(`create table "contact" ("id" bigserial primary key, "workspace_id" uuid not null, "email" text not null, "email_key" text not null, "first_name" text null, "last_name" text null, "phone" text null, "fields" jsonb not null default '{}', "tag_ids" integer[] not null default '{}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "contact" add constraint "contact_workspace_email_key_unique" unique ("workspace_id", "email_key");`);

    this.addSql(`alter table "tag" add constraint "tag_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "import_run" add constraint "import_run_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);


    this.addSql(`alter table "custom_field" add constraint "custom_field_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tag" drop constraint "tag_workspace_id_foreign";`);

    this.addSql(`alter table "import_run" drop constraint "import_run_workspace_id_foreign";`);


    this.addSql(`alter table "custom_field" drop constraint "custom_field_workspace_id_foreign";`);



    this.addSql(`drop table if exists "workspace" cascade;`);

    this.addSql(`drop table if exists "tag" cascade;`);

    this.addSql(`drop table if exists "import_run" cascade;`);

    this.addSql(`drop table if exists "row_issue" cascade;`);

    this.addSql(`drop table if exists "custom_field" cascade;`);

    this.addSql(`drop table if exists "contact" cascade;`);
  }

}
