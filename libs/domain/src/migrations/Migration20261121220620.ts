import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220620 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pending_link" ("id" bigserial primary key, "workspace_id" uuid not null, "run_id" uuid not null, "student_id" bigint null, "kind" text check ("kind" in ('parent', 'instructor')) not null, "match_by" text check ("match_by" in ('email', 'username')) not null, "other_key" text not null, "file" text not null, "sheet" text null, "row" int not null, "column" text not null, "value" text not null);`);
    this.addSql(`create index "pending_link_run_idx" on "pending_link" ("run_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pending_link" cascade;`);
  }

}
