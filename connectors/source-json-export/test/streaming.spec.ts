import { jsonExportSource } from '..';
import { generatedExport } from './generated-export';
import { configOf } from './read';

const COUNT = 200_000;
/** How far the file may be read ahead of the rows handed out: a few chunks of records, never the file. */
const MAX_AHEAD = 5_000;

describe('json-export streams a 200,000-record export', () => {
  it.each(['json', 'ndjson'] as const)('hands out %s rows as the file arrives, reading only a little ahead of them', async (format) => {
    const { input, progress } = generatedExport(COUNT, format);
    let seen = 0;
    let furthestAhead = 0;
    let outOfOrder = 0;
    let readBeforeFirst = 0;
    for await (const row of jsonExportSource.read(configOf(), { input })) {
      seen++;
      if (row.values.email !== `person${seen}@example.com`) outOfOrder++;
      if (seen === 1) readBeforeFirst = progress.records;
      furthestAhead = Math.max(furthestAhead, progress.records - seen);
      if (seen === 20_000) break;
    }
    expect(outOfOrder).toBe(0);
    expect(readBeforeFirst).toBeLessThan(COUNT / 100);
    expect(furthestAhead).toBeLessThan(MAX_AHEAD);
    // Stopping early leaves the rest of the file unread.
    expect(progress.done).toBe(false);
    expect(progress.records).toBeLessThan(20_000 + MAX_AHEAD);
  });
});
