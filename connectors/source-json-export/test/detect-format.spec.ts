import { FatalRunError } from '@ferry/sdk';
import { detectFormat, PEEK_LIMIT } from '../detect-format';
import type { ExportFormatOption } from '../json-export.config';

async function* chunksOf(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The format decided, and the bytes handed back, for the text given `size` bytes at a time. */
async function detect(text: string | Buffer, option: ExportFormatOption = 'auto', size = 1 << 16) {
  const { format, chunks } = await detectFormat(chunksOf(text, size), option, 'export.json');
  const back: Buffer[] = [];
  for await (const chunk of chunks) back.push(chunk);
  return { format, text: Buffer.concat(back).toString('utf8') };
}

const failure = (text: string | Buffer, option: ExportFormatOption = 'auto') =>
  detect(text, option).then(
    () => { throw new Error('detected a format'); },
    (error: unknown) => error as FatalRunError,
  );

const document = '{\n  "format": "ferry-export",\n  "version": 1,\n  "people": [\n    { "email": "ada@example.com" }\n  ]\n}\n';
const minified = '{"format":"ferry-export","version":1,"people":[{"email":"ada@example.com"}]}';
const ndjson = '{"format":"ferry-export","version":1}\n{"kind":"person","email":"ada@example.com"}\n{"kind":"grant","email":"ada@example.com","offer":"x"}\n';

describe('telling JSON from NDJSON (format: auto)', () => {
  it.each([
    ['a pretty-printed document → json', document, 'json'],
    ['a minified document → json', minified, 'json'],
    ['a minified document with a line break after it → json', `${minified}\n`, 'json'],
    ['a one-line document without format but with a list → json', '{"people":[{"email":"a@example.com"}]}\n', 'json'],
    ['a plain list → json', '[{"email":"ada@example.com"},\n{"email":"alan@example.com"}]', 'json'],
    ['a plain list of one-line records → json', '[\n{"email":"ada@example.com"},\n{"email":"alan@example.com"}\n]\n', 'json'],
    ['NDJSON with a header line → ndjson', ndjson, 'ndjson'],
    ['NDJSON without a header, CRLF and blank lines → ndjson', '{"email":"ada@example.com"}\r\n\r\n  {"email":"alan@example.com"}\r\n', 'ndjson'],
    ['a single NDJSON record → ndjson', '{"kind":"person","email":"ada@example.com"}\n', 'ndjson'],
    ['a single record without a line break → ndjson', '{"email":"ada@example.com"}', 'ndjson'],
    ['an object whose first line is not JSON by itself → json', '{"format":"ferry-export",\n"people":[]}', 'json'],
    ['a first object followed by something else → json', '{"a":1}\n[1]\n', 'json'],
  ])('%s', async (_name, text, expected) => {
    expect((await detect(text)).format).toBe(expected);
  });

  it('decides the same whatever the chunks, and hands every byte back', async () => {
    for (const text of [document, minified, ndjson, '  \n\t[{"email":"a@example.com"}]']) {
      const whole = await detect(text);
      for (const size of [1, 2, 5, 17]) expect(await detect(text, 'auto', size)).toEqual(whole);
      expect(whole.text).toBe(text);
    }
  });

  it('drops a UTF-8 byte order mark', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ndjson)]);
    expect(await detect(withBom, 'auto', 2)).toEqual({ format: 'ndjson', text: ndjson });
  });

  it('reads a first line longer than its 1 MiB look-ahead as one JSON document', async () => {
    const long = `{"format":"ferry-export","people":[${'{"email":"a@example.com"},'.repeat(PEEK_LIMIT / 20)}{"email":"b@example.com"}]}\n`;
    expect((await detect(long)).format).toBe('json');
  });

  it('takes the format it is told, after checking the file starts like JSON', async () => {
    expect((await detect(document, 'ndjson')).format).toBe('ndjson');
    expect((await detect(ndjson, 'json')).format).toBe('json');
    expect((await failure('email\nada@example.com\n', 'json')).code).toBe('not_json');
  });

  it('refuses what is not JSON, empty or UTF-16, saying what it found', async () => {
    const csv = await failure('email,__proto__\nada@example.com,x\n');
    expect(csv).toBeInstanceOf(FatalRunError);
    expect(csv).toMatchObject({ code: 'not_json' });
    expect(csv.message).toContain('"email,__proto__"');
    expect((await failure(' \n\t\n')).code).toBe('empty_export');
    expect((await failure('')).code).toBe('empty_export');
    expect((await failure(Buffer.from('\ufeff[{}]', 'utf16le').subarray(0))).code).toBe('unsupported_encoding');
    expect((await failure(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('[', 'utf8')]))).code).toBe('unsupported_encoding');
  });
});
