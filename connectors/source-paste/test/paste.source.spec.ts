import { Readable } from 'node:stream';
import { FatalRunError, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { pastedInput, pasteSource, readPasted } from '..';
import type { PasteConfig } from '../paste.config';

const config = (raw: Record<string, unknown> = {}) => resolveConfig<PasteConfig>(pasteSource, raw);

async function discover(text: string, raw: Record<string, unknown> = {}): Promise<StreamInfo> {
  const [stream] = await pasteSource.discover(config(raw), { input: pastedInput(text) });
  return stream;
}

async function read(input: SourceInput | string, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of pasteSource.read(config(raw), { input: typeof input === 'string' ? pastedInput(input) : input })) rows.push(row);
  return rows;
}

const plain = (rows: Row[]) => rows.map((row) => [row.at.row, { ...row.values }]);

describe('paste source', () => {
  it('reads a table copied from a spreadsheet (tab-separated), header on line 1', async () => {
    const text = 'Email\tFirst name\tTags\r\nada@example.com\tAda\tmaths, physics\r\nalan@example.com\tAlan\t\r\n';
    const stream = await discover(text);
    expect(stream).toMatchObject({ name: 'pasted', details: { delimiter: '\t', header: true, pasted: true } });
    expect(stream.columns.map((c) => c.key)).toEqual(['Email', 'First name', 'Tags']);
    const rows = await read(text);
    expect(plain(rows)).toEqual([
      [2, { Email: 'ada@example.com', 'First name': 'Ada', Tags: 'maths, physics' }],
      [3, { Email: 'alan@example.com', 'First name': 'Alan', Tags: '' }],
    ]);
    expect(rows[0].at).toEqual({ file: 'pasted', row: 2 });
  });

  it.each([
    ['comma', 'Email,Name\nada@example.com,"Lovelace; Ada"\n', ','],
    ['semicolon', 'Email;Name\nada@example.com;"Lovelace, Ada"\n', ';'],
  ])('detects a %s-separated table', async (_name, text, delimiter) => {
    expect((await discover(text)).details).toMatchObject({ delimiter });
    expect((await read(text)).map((row) => Object.values(row.values))).toEqual([['ada@example.com', text.includes(';"') ? 'Lovelace, Ada' : 'Lovelace; Ada']]);
  });

  it('keeps quoted cells whole: tabs and line breaks inside them, as a spreadsheet copies them', async () => {
    const text = 'Email\tNote\tName\nada@example.com\t"first\tsecond\nthird line"\tAda\nalan@example.com\t"say ""hi"""\tAlan\n';
    const rows = await read(text);
    expect(plain(rows)).toEqual([
      [2, { Email: 'ada@example.com', Note: 'first\tsecond\nthird line', Name: 'Ada' }],
      // A quoted cell with a line break is one spreadsheet row.
      [3, { Email: 'alan@example.com', Note: 'say "hi"', Name: 'Alan' }],
    ]);
  });

  it('leaves out blank lines and the empty rows a spreadsheet copy ends with', async () => {
    const text = 'Email\tName\tTeam\n\nada@example.com\tAda\tBlue\n\t\t\n  \n\t\n\n';
    expect(plain(await read(text))).toEqual([[3, { Email: 'ada@example.com', Name: 'Ada', Team: 'Blue' }]]);
  });

  it('still reports rows it cannot read', async () => {
    const rows = await read('Email\tName\nada@example.com\tAda\textra\n');
    expect(rows[0].issues).toEqual([expect.objectContaining({ row: 2, code: 'ragged_row', severity: 'error' })]);
  });

  it.each([
    ['an email address', 'ada@example.com\tAda\tLovelace\nalan@example.com\tAlan\tTuring\n', /first line \("ada@example.com, Ada, Lovelace"\) looks like data, as it holds an email address \(ada@example.com\)\. Add a line with the column names/],
    ['only numbers', '1001,2024-01-05,+44 7700 900123\n1002,2024-01-06,+44 7700 900124\n', /as it holds only numbers/],
  ])('refuses a table without a header: a first line with %s', async (_what, text, message) => {
    const error = await discover(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalRunError);
    expect(error).toMatchObject({ code: 'no_header', message: expect.stringMatching(message) });
    await expect(read(text)).rejects.toMatchObject({ code: 'no_header' });
  });

  it('refuses empty text, and a header with nothing below it', async () => {
    await expect(discover('')).rejects.toMatchObject({ code: 'empty_file' });
    await expect(discover(' \n\n')).rejects.toMatchObject({ code: 'empty_file' });
    for (const text of ['Email\tName\n', 'Email\tName\n\t\n\t\n']) {
      await expect(discover(text)).rejects.toMatchObject({ code: 'no_rows' });
      await expect(read(text)).rejects.toMatchObject({ code: 'no_rows' });
    }
  });

  it('takes standard input whole (a source may open its input twice), up to a cap', async () => {
    const input = await readPasted(Readable.from([Buffer.from('Email\tName\nada@exa'), Buffer.from('mple.com\tAda\n')]));
    expect(plain(await read(input))).toEqual([[2, { Email: 'ada@example.com', Name: 'Ada' }]]);
    await expect(readPasted(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 'pasted', 15)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('takes the delimiter when given', async () => {
    expect((await read('Email,Name;Team\nada@example.com,Ada;Blue\n', { delimiter: ';' })).map((row) => ({ ...row.values }))).toEqual([{ 'Email,Name': 'ada@example.com,Ada', Team: 'Blue' }]);
    expect(() => config({ delimiter: '|' })).toThrow(/delimiter/);
  });
});
