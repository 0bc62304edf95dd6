import * as iconv from 'iconv-lite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runFerry } from '../support/run-ferry';
import { uniqueSlug } from '../support/test-database';

// Each bad input from the foundation issue, through the CLI as users meet it.
const dir = mkdtempSync(path.join(tmpdir(), 'ferry-bad-'));
function file(name: string, content: string | Buffer): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

async function importJson(filePath: string, extra: string[] = []) {
  const workspace = uniqueSlug('bad');
  const run = await runFerry(['import', filePath, '--json', ...extra], { workspace });
  const contacts = (await runFerry(['contacts', '--json'], { workspace })).json();
  return { code: run.code, result: run.json(), contacts };
}

describe('bad files fail as a whole, with one clear message and nothing written', () => {
  it.each([
    ['an empty file', 'empty.csv', '', 'empty_file'],
    ['a header without rows', 'header-only.csv', 'email,first_name\n', 'no_rows'],
    ['no column mapped to email', 'no-email.csv', 'name,phone\nAda,07700900123\n', 'missing_required_field'],
    ['a binary file renamed .csv', 'picture.csv', Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(2000, 0), Buffer.from([1, 2, 3, 255, 254, 0, 7])]), 'binary_file'],
  ])('%s', async (_label, name, content, code) => {
    const { code: exit, result, contacts } = await importJson(file(name, content));
    expect(exit).toBe(1);
    expect(result.status).toBe('failed');
    expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(20);
    expect(contacts).toEqual([]);
  });
});

describe('bad rows become issues with row, column and value; the rest imports', () => {
  it('an unclosed quote is reported at its row, rows before it are imported', async () => {
    const { code, result, contacts } = await importJson(file('unclosed.csv', 'email,first_name\na@example.com,Ann\nb@example.com,"Bob\nc@example.com,Cy\n'));
    expect(code).toBe(3);
    expect(result.issues).toEqual([expect.objectContaining({ row: 3, code: 'unclosed_quote', severity: 'error' })]);
    expect(contacts.map((c: any) => c.email)).toEqual(['a@example.com']);
  });

  it('duplicate and blank headers are told apart and reported, nothing shifts', async () => {
    const { result, contacts } = await importJson(file('dupes.csv', 'email,First name,,First name\nann@example.com,Ann,x,Anna\n'), ['--map', 'First name=first_name']);
    expect(result.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 1, code: 'duplicate_header', severity: 'warning' }),
      expect.objectContaining({ row: 1, code: 'blank_header', severity: 'warning' }),
    ]));
    expect(contacts).toEqual([expect.objectContaining({ email: 'ann@example.com', first_name: 'Ann' })]);
  });

  it('headers __proto__ and constructor are plain columns', async () => {
    const { code, result, contacts } = await importJson(file('proto.csv', 'email,__proto__,constructor\nann@example.com,{"polluted":true},x\n'), ['--map', '__proto__=first_name', '--map', 'constructor=last_name']);
    expect(code).toBe(0);
    expect(result.counts.created).toBe(1);
    expect(contacts).toEqual([expect.objectContaining({ first_name: '{"polluted":true}', last_name: 'x' })]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('Latin-1 and UTF-16 files import with the right text', async () => {
    const text = 'email,Vorname,Nachname\njurgen@example.com,Jürgen,Müßig\nzoe@example.com,Zoë,Ångström\n';
    const latin1 = await importJson(file('latin1.csv', iconv.encode(text, 'windows-1252')));
    const utf16 = await importJson(file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/\n/g, '\r\n'), 'utf16le')])));
    for (const { contacts } of [latin1, utf16]) {
      expect(contacts.map((c: any) => `${c.first_name} ${c.last_name}`)).toEqual(['Jürgen Müßig', 'Zoë Ångström']);
    }
  });

  it('a 10 MB field rejects its row and the rest imports', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const { code, result, contacts } = await importJson(file('big.csv', `email,first_name\na@example.com,"${big}"\nb@example.com,Bo\n`));
    expect(code).toBe(3);
    expect(result.issues).toEqual([expect.objectContaining({ row: 2, column: 'first_name', code: 'field_too_large' })]);
    expect(result.issues[0].value.length).toBeLessThan(300);
    expect(contacts.map((c: any) => c.email)).toEqual(['b@example.com']);
  });

  it('a 50,000-character email is rejected', async () => {
    const long = `${'a'.repeat(50_000)}@example.com`;
    const { result, contacts } = await importJson(file('long-email.csv', `email\n${long}\nok@example.com\n`));
    expect(result.issues).toEqual([expect.objectContaining({ row: 2, column: 'email', code: 'invalid_email' })]);
    expect(contacts.map((c: any) => c.email)).toEqual(['ok@example.com']);
  });

  it('a cell starting with = is stored as text, not evaluated or dropped', async () => {
    const { contacts } = await importJson(file('formula.csv', 'email,first_name,last_name\neve@example.com,=HYPERLINK("http://x"),+SUM(1)\n'));
    expect(contacts).toEqual([expect.objectContaining({ first_name: '=HYPERLINK("http://x")', last_name: '+SUM(1)' })]);
  });

  it('a ragged row is reported and skipped', async () => {
    const { result, contacts } = await importJson(file('ragged.csv', 'email,first_name\na@example.com,Ann,extra,cells\nb@example.com,Bo\n'));
    expect(result.issues).toEqual([expect.objectContaining({ row: 2, code: 'ragged_row', severity: 'error' })]);
    expect(contacts.map((c: any) => c.email)).toEqual(['b@example.com']);
  });

  it('SQL in a name is just a name', async () => {
    const { contacts } = await importJson(file('sql.csv', "email,first_name\nbobby@example.com,Robert'); DROP TABLE contact;--\n"));
    expect(contacts).toEqual([expect.objectContaining({ first_name: "Robert'); DROP TABLE contact;--" })]);
  });

  it('a NUL byte deep in the file rejects its row only', async () => {
    // Past the first 64 KB, which the binary-file check samples.
    const rows = Array.from({ length: 6000 }, (_, i) => `p${i}@example.com,${i === 5500 ? 'Bad\u0000Name' : `P${i}`}`);
    const { code, result, contacts } = await importJson(file('nul.csv', `email,first_name\n${rows.join('\n')}\n`));
    expect(code).toBe(3);
    expect(result.counts).toMatchObject({ read: 6000, created: 5999, failed: 1 });
    expect(result.issues).toEqual([expect.objectContaining({ row: 5502, column: 'first_name', code: 'invalid_character' })]);
    expect(contacts).toHaveLength(5999);
  });

  it('a huge email of emoji is rejected and reported without breaking the report', async () => {
    const { code, result, contacts } = await importJson(file('emoji.csv', `email\na${'😀'.repeat(30000)}@example.com\nok@example.com\n`));
    expect(code).toBe(3);
    expect(result.issues).toEqual([expect.objectContaining({ row: 2, code: 'invalid_email' })]);
    expect(result.issues[0].value).toMatch(/^a😀+… \(60013 characters\)$/u);
    expect(contacts.map((c: any) => c.email)).toEqual(['ok@example.com']);
  });

  it('a mistake in the settings is a usage error (exit 2) and starts no run', async () => {
    const workspace = uniqueSlug('bad');
    const csvFile = file('ok.csv', 'email\na@example.com\n');
    for (const flags of [['--default-country', 'XX'], ['--into', 'nowhere'], ['--delimiter', 'x']]) {
      const run = await runFerry(['import', csvFile, ...flags], { workspace });
      expect({ flags, code: run.code }).toEqual({ flags, code: 2 });
      expect(run.stderr.length).toBeGreaterThan(10);
    }
    expect((await runFerry(['runs', '--json'], { workspace })).json()).toEqual([]);
  });
});
