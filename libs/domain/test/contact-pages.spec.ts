import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { ContactStore, pageContacts, TagStore, type ContactPatch, type ContactView, type Database } from '../src';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

const patch = (emailKey: string | null, extra: Partial<ContactPatch> = {}): ContactPatch => ({ emailKey, email: emailKey, fields: {}, tagIds: [], ...extra });

/** Every page, as `ferry contacts` and the API read them: the last id of one page is where the next starts. */
async function allPages(workspaceId: string, tag?: string, limit = 2): Promise<ContactView[][]> {
  const pages: ContactView[][] = [];
  for (let afterId = '0'; ; ) {
    const page = await pageContacts(db.sql, workspaceId, { tag, afterId, limit });
    if (page.length === 0) return pages;
    pages.push(page);
    afterId = page[page.length - 1].id;
  }
}

describe('pageContacts', () => {
  it('pages through a workspace in the order its contacts were created, username-only students included, tags by name', async () => {
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    const tags = await new TagStore(db.sql).idsByName(ws.id, ['Zoology', 'Art', 'Maths'], true);
    const store = new ContactStore(db.sql);
    await store.upsert(ws.id, [patch('zed@example.com', { tagIds: [tags.get('zoology')!, tags.get('art')!, tags.get('maths')!] })]);
    await store.upsert(other.id, [patch('elsewhere@example.com')]);
    await store.upsertByUsername(ws.id, [patch(null, { usernameKey: 'kid', username: 'Kid', firstName: 'Kim' })]);
    await store.upsert(ws.id, [patch('amy@example.com', { tagIds: [tags.get('maths')!] }), patch('bob@example.com')]);

    const pages = await allPages(ws.id);
    expect(pages.map((page) => page.length)).toEqual([2, 2]);
    expect(pages.flat().map((c) => [c.email, c.first_name, c.tags])).toEqual([
      ['zed@example.com', null, ['Art', 'Maths', 'Zoology']],
      [null, 'Kim', []],
      ['amy@example.com', null, ['Maths']],
      ['bob@example.com', null, []],
    ]);
  });

  it('with a tag, only the contacts that have it (the tag matched case-insensitively), still in creation order', async () => {
    const ws = await newWorkspace(db);
    const tags = await new TagStore(db.sql).idsByName(ws.id, ['Maths', 'Art'], true);
    const maths = tags.get('maths')!;
    await new ContactStore(db.sql).upsert(ws.id, ['c', 'a', 'd', 'b', 'e'].map((name, i) => patch(`${name}@example.com`, { tagIds: i % 2 === 0 ? [maths] : [tags.get('art')!] })));

    expect((await allPages(ws.id, 'MATHS')).flat().map((c) => c.email)).toEqual(['c@example.com', 'd@example.com', 'e@example.com']);
    expect(await allPages(ws.id, 'no such tag')).toEqual([]);
  });

  it('finds contacts by part of their email or name, in any case, with or without a tag', async () => {
    const ws = await newWorkspace(db);
    const tags = await new TagStore(db.sql).idsByName(ws.id, ['spring'], true);
    const store = new ContactStore(db.sql);
    await store.upsert(ws.id, [
      patch('ada.lovelace@example.com', { firstName: 'Ada', lastName: 'Lovelace', tagIds: [tags.get('spring')!] }),
      patch('grace@example.com', { firstName: 'Grace', lastName: 'Hopper' }),
      patch('alan@example.com', { firstName: 'Alan', lastName: 'LOVELL' }),
    ]);
    const found = async (search: string, tag?: string) => (await pageContacts(db.sql, ws.id, { search, tag })).map((c) => c.email);
    expect(await found('love')).toEqual(['ada.lovelace@example.com', 'alan@example.com']);
    expect(await found('HOPP')).toEqual(['grace@example.com']);
    expect(await found('love', 'spring')).toEqual(['ada.lovelace@example.com']);
    expect(await found("'; drop table contact; --")).toEqual([]);
    expect(await found('%')).toEqual([]);
  });
});

