import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "email_template" ("id" serial primary key, "workspace_id" uuid not null, "name" text not null, "language" text not null, "source" text not null, "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "email_template" add constraint "email_template_workspace_name_language_unique" unique ("workspace_id", "name", "language");`);

    this.addSql(`create table "email_rate" ("workspace_id" uuid not null, "per_minute" int null, "tokens" double precision not null, "refilled_at" timestamptz not null default now(), constraint "email_rate_pkey" primary key ("workspace_id"));`);

    this.addSql(`create table "email_outbox" ("id" bigserial primary key, "workspace_id" uuid not null, "run_id" uuid not null, "contact_id" bigint not null, "template" text not null, "language" text not null, "recipient" text not null, "offer_id" int null, "new_account" boolean not null default false, "token" uuid not null default gen_random_uuid(), "status" text check ("status" in ('queued', 'sending', 'sent', 'failed')) not null default 'queued', "attempts" int not null default 0, "next_attempt_at" timestamptz not null default now(), "lease_owner" text null, "lease_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null default now(), "sent_at" timestamptz null);`);
    this.addSql(`create index "email_outbox_workspace_run_idx" on "email_outbox" ("workspace_id", "run_id");`);
    this.addSql(`create index "email_outbox_due_idx" on "email_outbox" ("status", "next_attempt_at");`);
    this.addSql(`create unique index "email_outbox_run_contact_template_unique" on "email_outbox" ("run_id", "contact_id", "template", coalesce("offer_id", 0));`);

    this.addSql(`alter table "email_template" add constraint "email_template_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "email_rate" add constraint "email_rate_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email_template" cascade;`);

    this.addSql(`drop table if exists "email_rate" cascade;`);

    this.addSql(`drop table if exists "email_outbox" cascade;`);
  }

}
