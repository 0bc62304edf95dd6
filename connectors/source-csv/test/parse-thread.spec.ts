import { join } from 'node:path';
import type { Row, SourceInput } from '@ferry/sdk';
import { OFF_THREAD_MIN_BYTES } from '../parse-thread';
import { bufferInput, csvConfig, plain, readRows } from './source-input';

// A worker thread runs JavaScript, so the parsing thread is driven through the
// compiled build (the test command builds before it runs jest).
const DIST = join(__dirname, '..', '..', '..', 'dist');
const compiled = {
  source: require(join(DIST, 'connectors/source-csv/csv.source.js')).csvSource,
  parseThread: require(join(DIST, 'connectors/source-csv/parse-thread.js')),
  sdk: require(join(DIST, 'libs/sdk/src/index.js')),
};

async function readCompiled(input: SourceInput, raw: Record<string, unknown> = {}, limit = Infinity): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of compiled.source.read(csvConfig(raw), { input }) as AsyncIterable<Row>) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}

/** What a user sees of a row: its number, values and issues. */
const seen = (row: Row) => ({ at: row.at, values: plain(row), issues: row.issues.map((i) => ({ ...i })) });

/**
 * Over a megabyte of awkward CSV: quoted delimiters, line breaks and quotes in
 * cells, CRLF and LF, empty lines (rows keep their spreadsheet numbers), a
 * ragged row, an oversized cell, and a quote that never closes at the end.
 */
function awkwardFile(): string {
  const lines = ['email,name,note'];
  for (let i = 0, size = 0; size < OFF_THREAD_MIN_BYTES + 200_000; i++, size += lines[lines.length - 1].length + 1) {
    switch (i % 7) {
      case 0: lines.push(`p${i}@example.com,"Lovelace, Ada","two\nlines"`); break;
      case 1: lines.push(`p${i}@example.com,Alan,"says ""hi"""\r`); break;
      case 2: lines.push(''); break;
      case 3: lines.push(`p${i}@example.com,Grace`); break; // ragged
      case 4: lines.push(`p${i}@example.com,Zoë,${'x'.repeat(i % 500 === 4 ? 3000 : 10)}`); break;
      default: lines.push(`p${i}@example.com,Marie,plain`);
    }
  }
  lines.push('last@example.com,Ada,"never closed');
  return lines.join('\n');
}

describe('parsing on a thread of its own', () => {
  const text = awkwardFile();

  it('reads a large input off the main thread exactly as in it: same rows, numbers and issues', async () => {
    // Odd chunk sizes put chunk boundaries inside quotes, CRLFs and multi-byte characters.
    const input = () => bufferInput(text, 'people.csv', 4099);
    expect(compiled.parseThread.parsesOffThread(input().size)).toBe(true);
    const offThread = await readCompiled(input(), { maxFieldSize: 2000 });
    const inThread = await readRows(input(), { maxFieldSize: 2000 });
    expect(offThread.length).toBeGreaterThan(20_000);
    expect(offThread.map(seen)).toEqual(inThread.map(seen));
    // The last row: the quote that never closes is reported on the row it opens.
    const last = offThread[offThread.length - 1];
    expect(last.issues[0]).toMatchObject({ code: 'unclosed_quote', row: last.at.row });
    expect(offThread.filter((row) => row.issues.some((i) => i.code === 'field_too_large')).length).toBeGreaterThan(0);
    expect(offThread.filter((row) => row.issues.some((i) => i.code === 'ragged_row')).length).toBeGreaterThan(0);
  });

  it('numbers the first rows as a spreadsheet does when the reader stops after ten', async () => {
    const rows = await readCompiled(compiled.sdk.bufferInput(text, 'people.csv', 8192), {}, 10);
    expect(rows.map((row) => row.at.row)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 12, 13]);
  });
});
