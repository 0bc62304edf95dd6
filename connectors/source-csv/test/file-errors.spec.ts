import { join } from 'node:path';
import { FatalRunError, type SourceInput } from '@ferry/sdk';
import { csvSource } from '..';
import { bufferInput, csvConfig, fileInput } from './source-input';

/** Both discover and read must fail the same way, read before it yields any row. */
async function expectFatal(input: SourceInput, code: string, message: RegExp, raw: Record<string, unknown> = {}): Promise<void> {
  const config = csvConfig(raw);
  const fromDiscover = await csvSource.discover(config, { input }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(fromDiscover).toBeInstanceOf(FatalRunError);
  expect(fromDiscover).toMatchObject({ code, message: expect.stringMatching(message) });

  let rows = 0;
  const fromRead = await (async () => {
    for await (const _ of csvSource.read(config, { input })) rows++;
  })().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(rows).toBe(0);
  expect(fromRead).toBeInstanceOf(FatalRunError);
  expect(fromRead).toMatchObject({ code, message: expect.stringMatching(message) });
}

describe('csv source file problems', () => {
  it('refuses an empty file', async () => {
    await expectFatal(bufferInput(''), 'empty_file', /is empty/);
  });

  it('refuses a file of only spaces and blank lines, or only a BOM', async () => {
    await expectFatal(bufferInput(' \r\n\n\t\n'), 'empty_file', /is empty/);
    await expectFatal(bufferInput(Buffer.from([0xef, 0xbb, 0xbf])), 'empty_file', /is empty/);
  });

  it('refuses a header with no rows below it, blank lines or not', async () => {
    await expectFatal(bufferInput('email,name\n'), 'no_rows', /header row but no rows/);
    await expectFatal(bufferInput('email,name\n\n\n'), 'no_rows', /header row but no rows/);
  });

  it('finds a header-only file at the end of reading when it is larger than the sample', async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `column ${i}`).join(',');
    await expectFatal(bufferInput(`${header}\n`), 'no_rows', /header row but no rows/);
  });

  it('refuses a PNG renamed to .csv, saying to save it as CSV (UTF-8)', async () => {
    await expectFatal(fileInput(join(__dirname, 'fixtures', 'photo.csv')), 'binary_file', /PNG image.*save it as CSV \(UTF-8\)/);
  });

  it('refuses an Excel workbook renamed to .csv', async () => {
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]);
    await expectFatal(bufferInput(xlsx, 'contacts.csv'), 'binary_file', /\.xlsx.*save it as CSV \(UTF-8\)/);
  });

  it('refuses bytes with NULs that are not UTF-16, or full of control characters', async () => {
    await expectFatal(bufferInput(Buffer.from('email,name\n\u0000\u0000\u0000x\u0000ada,\u0000\u0000\u0000\n')), 'binary_file', /NUL bytes/);
    const noise = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 8) : 0x41)));
    await expectFatal(bufferInput(noise), 'binary_file', /control characters.*CSV \(UTF-8\)/);
  });

  it('says which encoding to choose when a configured one cannot be right', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\r\nada@example.com\r\n', 'utf16le')]);
    await expectFatal(bufferInput(utf16), 'encoding', /UTF-16LE text, not utf-8.*"auto"/, { encoding: 'utf-8' });
  });

  it('refuses a file that cannot be read', async () => {
    await expectFatal(fileInput(join(__dirname, 'fixtures', 'missing.csv')), 'unreadable_file', /could not be read/);
  });

  it('refuses a header cell over maxFieldSize: that is no header row', async () => {
    await expectFatal(bufferInput(`email,${'x'.repeat(50)}\nada@example.com,1\n`), 'field_too_large', /Cell B1 .*more than 10 characters/, { maxFieldSize: 10 });
  });

  it('refuses a header row whose quote never closes', async () => {
    await expectFatal(bufferInput('"email,name\nada@example.com,Ada\n'), 'unclosed_quote', /Row 1 .*never closed/);
  });
});
