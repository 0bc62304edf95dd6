import { Migration } from '@mikro-orm/migrations';

export class Migration20261121215814 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "team" ("id" serial primary key, "workspace_id" uuid not null, "name" text not null, "name_key" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "team" add constraint "team_workspace_name_key_unique" unique ("workspace_id", "name_key");`);

    this.addSql(`create table "product" ("id" serial primary key, "workspace_id" uuid not null, "name" text not null, "name_key" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "product" add constraint "product_workspace_name_key_unique" unique ("workspace_id", "name_key");`);

    this.addSql(`create table "offer" ("id" serial primary key, "workspace_id" uuid not null, "name" text not null, "name_key" text not null, "product_ids" integer[] not null default '{}', "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "offer" add constraint "offer_workspace_name_key_unique" unique ("workspace_id", "name_key");`);

    this.addSql(`create table "content_node" ("id" serial primary key, "workspace_id" uuid not null, "product_id" int not null, "parent_id" int null, "uuid" uuid not null, "level" text check ("level" in ('programme', 'journey', 'activity')) not null, "title" text not null, "position" int not null default 0);`);
    this.addSql(`create index "content_node_parent_idx" on "content_node" ("parent_id");`);
    this.addSql(`alter table "content_node" add constraint "content_node_workspace_uuid_unique" unique ("workspace_id", "uuid");`);

    this.addSql(`create table "team_member" ("team_id" int not null, "contact_id" bigint not null, "workspace_id" uuid not null, "run_id" uuid null, "created_at" timestamptz not null default now(), constraint "team_member_pkey" primary key ("team_id", "contact_id"));`);

    this.addSql(`create table "contact_link" ("student_id" bigint not null, "kind" text check ("kind" in ('parent', 'instructor')) not null, "other_id" bigint not null, "workspace_id" uuid not null, "run_id" uuid null, "created_at" timestamptz not null default now(), constraint "contact_link_pkey" primary key ("student_id", "kind", "other_id"));`);
    this.addSql(`create index "contact_link_other_idx" on "contact_link" ("other_id");`);

    this.addSql(`create table "completion" ("contact_id" bigint not null, "node_id" int not null, "workspace_id" uuid not null, "completed_on" date not null, "run_id" uuid null, constraint "completion_pkey" primary key ("contact_id", "node_id"));`);
    this.addSql(`create index "completion_node_idx" on "completion" ("node_id");`);

    this.addSql(`create table "access_grant" ("contact_id" bigint not null, "offer_id" int not null, "workspace_id" uuid not null, "granted_at" timestamptz not null default now(), "run_id" uuid null, constraint "access_grant_pkey" primary key ("contact_id", "offer_id"));`);
    this.addSql(`create index "access_grant_offer_idx" on "access_grant" ("offer_id");`);

    this.addSql(`alter table "team" add constraint "team_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "product" add constraint "product_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "offer" add constraint "offer_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "content_node" add constraint "content_node_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "content_node" add constraint "content_node_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "content_node" add constraint "content_node_parent_id_foreign" foreign key ("parent_id") references "content_node" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact" add column "username" text null, add column "username_key" text null, add column "roles" text[] not null default '{}', add column "language" text null;`);
    this.addSql(`alter table "contact" alter column "email" type text using ("email"::text);`);
    this.addSql(`alter table "contact" alter column "email" drop not null;`);
    this.addSql(`alter table "contact" alter column "email_key" type text using ("email_key"::text);`);
    this.addSql(`alter table "contact" alter column "email_key" drop not null;`);
    this.addSql(`alter table "contact" add constraint "contact_workspace_username_key_unique" unique ("workspace_id", "username_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "content_node" drop constraint "content_node_product_id_foreign";`);

    this.addSql(`alter table "content_node" drop constraint "content_node_parent_id_foreign";`);

    this.addSql(`drop table if exists "team" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "offer" cascade;`);

    this.addSql(`drop table if exists "content_node" cascade;`);

    this.addSql(`drop table if exists "team_member" cascade;`);

    this.addSql(`drop table if exists "contact_link" cascade;`);

    this.addSql(`drop table if exists "completion" cascade;`);

    this.addSql(`drop table if exists "access_grant" cascade;`);

    this.addSql(`alter table "contact" drop constraint "contact_workspace_username_key_unique";`);
    this.addSql(`alter table "contact" drop column "username", drop column "username_key", drop column "roles", drop column "language";`);

    this.addSql(`alter table "contact" alter column "email" type text using ("email"::text);`);
    this.addSql(`alter table "contact" alter column "email" set not null;`);
    this.addSql(`alter table "contact" alter column "email_key" type text using ("email_key"::text);`);
    this.addSql(`alter table "contact" alter column "email_key" set not null;`);
  }

}
