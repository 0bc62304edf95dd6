import { Migration } from '@mikro-orm/migrations';

export class Migration20261122040000 extends Migration {

  override async up(): Promise<void> {
    // The fingerprint of the source row that last set a contact (see Contact.rowFingerprint).
    this.addSql(`alter table "contact" add column "row_fingerprint" uuid null;`);
    // A hash index: fingerprints are random, and a btree's inserts at random places cost a bulk
    // import about 2 µs a contact, a hash index's about 1. Lookups are by equality only.
    this.addSql(`create index "contact_row_fingerprint_index" on "contact" using hash ("row_fingerprint") where "row_fingerprint" is not null;`);
    // Any change to a contact that does not set a new fingerprint itself (an edit, a merge, a grant,
    // another sink) forgets the old one: the row it names no longer describes the contact.
    this.addSql(`create function contact_forget_row_fingerprint() returns trigger language plpgsql as $$
      begin
        new.row_fingerprint := null;
        return new;
      end $$;`);
    this.addSql(`create trigger "contact_forget_row_fingerprint" before update on "contact" for each row
      when (old.row_fingerprint is not null and new.row_fingerprint is not distinct from old.row_fingerprint)
      execute function contact_forget_row_fingerprint();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "contact_forget_row_fingerprint" on "contact";`);
    this.addSql(`drop function if exists contact_forget_row_fingerprint();`);
    this.addSql(`drop index if exists "contact_row_fingerprint_index";`);
    this.addSql(`alter table "contact" drop column if exists "row_fingerprint";`);
  }

}
