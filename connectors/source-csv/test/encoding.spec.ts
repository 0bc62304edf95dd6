import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ConfigError } from '@ferry/sdk';
import { csvSource } from '..';
import { CsvConfig } from '../csv.config';
import { bufferInput, discover, fileInput, plain, readRows } from './source-input';

const TEXT = 'Name,Stadt\r\nMüller,Zürich\r\nAcentuação,São Paulo\r\nEmoji 🙂,東京\r\n';
const EXPECTED = [
  { Name: 'Müller', Stadt: 'Zürich' },
  { Name: 'Acentuação', Stadt: 'São Paulo' },
  { Name: 'Emoji 🙂', Stadt: '東京' },
];

describe('csv source encodings', () => {
  it('reads UTF-8 with a BOM without the BOM reaching the first header', async () => {
    const input = bufferInput(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    const stream = await discover(input);
    expect(stream.columns[0].key).toBe('Name');
    expect(stream.details).toMatchObject({ encoding: 'utf-8' });
    expect((await readRows(input)).map(plain)).toEqual(EXPECTED);
  });

  it('strips the BOM when utf-8 is configured too', async () => {
    const input = bufferInput(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    expect((await discover(input, { encoding: 'UTF8' })).columns[0].key).toBe('Name');
  });

  it.each([
    ['UTF-16 LE with a BOM', 'utf-16le', true],
    ['UTF-16 BE with a BOM', 'utf-16be', true],
    ['UTF-16 LE without a BOM', 'utf-16le', false],
    ['UTF-16 BE without a BOM', 'utf-16be', false],
  ] as const)('reads %s', async (_, encoding, bom) => {
    const bytes = iconv.encode(TEXT, encoding, { addBOM: bom });
    // Odd-sized chunks split characters, and the emoji's surrogate pair, between chunks.
    for (const chunkSize of [undefined, 3, 5]) {
      const input = bufferInput(bytes, 'export.csv', chunkSize);
      const stream = await discover(input);
      expect(stream.details).toMatchObject({ encoding, delimiter: ',' });
      expect(stream.columns[0].key).toBe('Name');
      expect((await readRows(input)).map(plain)).toEqual(EXPECTED);
    }
  });

  it('reads Windows-1252 (Excel on Windows) when the bytes are not UTF-8', async () => {
    const input = fileInput(join(__dirname, 'fixtures', 'windows-1252.csv'));
    expect((await discover(input)).details).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect((await readRows(input)).map(plain)).toEqual([
      { Name: 'Müller', Stadt: 'Zürich', Preis: '10 €' },
      { Name: 'Acentuação', Stadt: 'São Paulo', Preis: '5 €' },
    ]);
  });

  it('reads a Windows-1252 file whose last byte is an accented letter', async () => {
    const rows = await readRows(bufferInput(iconv.encode('name\nJosé', 'windows-1252')));
    expect(rows.map(plain)).toEqual([{ name: 'José' }]);
  });

  it('switches to Windows-1252 when the first accents come after a plain-ASCII sample', async () => {
    const ascii = Array.from({ length: 5000 }, (_, i) => `user${i}@example.com,Name ${i}`).join('\n');
    const bytes = iconv.encode(`email,name\n${ascii}\nmuller@example.com,Müller\n`, 'windows-1252');
    const rows = await readRows(bufferInput(bytes, 'late.csv', 4096));
    expect(rows).toHaveLength(5001);
    expect(plain(rows[5000])).toEqual({ email: 'muller@example.com', name: 'Müller' });
  });

  it('keeps UTF-8 when the first accents come after a plain-ASCII sample, even split between chunks', async () => {
    const ascii = 'x'.repeat(70_000);
    const bytes = Buffer.from(`a,b\n${ascii},1\nMüller,2\n`);
    const split = bytes.indexOf(0xc3) + 1;
    const rows = await readRows(bufferInput(bytes, 'late.csv', split));
    expect(rows.map((r) => r.values.a)).toEqual([ascii, 'Müller']);
  });

  it('detects UTF-8 when the file comes as one chunk cut by the sample inside a character', async () => {
    const cell = 'é'.repeat(40_000);
    const rows = await readRows(bufferInput(`ab\n${cell}\n`)); // byte 65,535 starts an é
    expect(rows.map(plain)).toEqual([{ ab: cell }]);
  });

  it('uses a configured encoding such as latin1 or shift_jis', async () => {
    const latin1 = await readRows(bufferInput(iconv.encode('name\nAcentuação\n', 'latin1')), { encoding: 'latin1' });
    expect(latin1.map(plain)).toEqual([{ name: 'Acentuação' }]);
    const sjis = bufferInput(iconv.encode('名前,都市\n山田,東京\n', 'shift_jis'));
    expect((await discover(sjis, { encoding: 'shift_jis' })).columns.map((c) => c.key)).toEqual(['名前', '都市']);
    expect((await readRows(sjis, { encoding: 'shift_jis' })).map(plain)).toEqual([{ 名前: '山田', 都市: '東京' }]);
  });

  it('refuses an encoding iconv-lite does not know, even when the config skipped validation', async () => {
    const config = Object.assign(new CsvConfig(), { encoding: 'no-such-encoding' });
    await expect(csvSource.discover(config, { input: bufferInput('a\n1\n') })).rejects.toThrow(ConfigError);
  });
});
