import { Migration } from '@mikro-orm/migrations';

export class Migration20261122020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "upload" ("id" uuid not null, "workspace_id" uuid not null, "label" text not null, "kind" text not null, "stored_name" text not null, "sha256" text not null, "size" bigint not null, "created_at" timestamptz not null default now(), constraint "upload_pkey" primary key ("id"));`);
    this.addSql(`create index "upload_workspace_created_idx" on "upload" ("workspace_id", "created_at");`);

    this.addSql(`create table "import_draft" ("id" uuid not null, "workspace_id" uuid not null, "upload_id" uuid not null, "name" text not null, "sink" text not null, "request" jsonb not null, "fixes" jsonb not null default '{}', "excluded" jsonb not null default '[]', "status" text not null default 'draft', "validation_run_id" uuid null, "run_id" uuid null, "confirm_key" text null, "created_at" timestamptz not null default now(), constraint "import_draft_pkey" primary key ("id"));`);
    this.addSql(`create index "import_draft_workspace_created_idx" on "import_draft" ("workspace_id", "created_at");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "workspace_id" uuid not null, "hash" text not null, "prefix" text not null, "role" text not null, "label" text null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash");`);

    this.addSql(`alter table "upload" add constraint "upload_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "import_draft" add constraint "import_draft_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "upload" cascade;`);

    this.addSql(`drop table if exists "import_draft" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
