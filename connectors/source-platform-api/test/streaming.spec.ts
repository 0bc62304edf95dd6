import type { ServerResponse } from 'node:http';
import { setTimeout as wait } from 'node:timers/promises';
import { platformApiSource } from '..';
import { FakePlatform } from './fake-platform';
import { configFor } from './read';

const TOTAL = 50_000;
/** ~550 bytes a record: 27 MB in one page, well over what socket and stream buffers hold (a few MB). */
const NOTE = 'x'.repeat(500);

let platform: FakePlatform;
let sent: { records: number; finished: boolean };
beforeEach(async () => {
  platform = await FakePlatform.start();
  sent = { records: 0, finished: false };
  platform.custom = (_req, res, url) => {
    if (url.pathname !== '/api/huge') return false;
    res.writeHead(200, { 'content-type': 'application/json' });
    pump(res);
    return true;
  };
});
afterEach(() => platform.close());

/** Writes the page one record at a time, waiting whenever the client stops taking bytes. */
function pump(res: ServerResponse): void {
  while (sent.records < TOTAL && !res.destroyed) {
    const n = ++sent.records;
    const chunk = `${n === 1 ? '{"data":[' : ','}${JSON.stringify({ id: n, email: `p${n}@example.com`, note: NOTE })}`;
    if (!res.write(chunk)) return void res.once('drain', () => pump(res));
  }
  if (!res.destroyed) res.end('],"total":50000}', () => (sent.finished = true));
}

describe('platform-api source: a huge page', () => {
  it('hands on the first record long before the page has arrived, and holds back the server while rows are not taken', async () => {
    const rows = platformApiSource.read(configFor(platform, { resource: 'huge' }), {})[Symbol.asyncIterator]();
    const first = await rows.next();
    expect(first.value.values.id).toBe(1);
    expect(sent.finished).toBe(false);

    // Nobody takes rows for a while: only what the buffers hold may be sent meanwhile.
    await wait(300);
    const heldBack = sent.records;
    expect(heldBack).toBeLessThan(TOTAL / 2);
    await wait(200);
    expect(sent.records).toBe(heldBack);

    let count = 1;
    let last = first.value;
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      count++;
      last = next.value;
    }
    expect(count).toBe(TOTAL);
    expect(last.at.row).toBe(TOTAL);
    expect(last.values).toMatchObject({ id: TOTAL, email: `p${TOTAL}@example.com` });
    expect(sent.finished).toBe(true);
  });

  it('drops the rest of the page when the reader stops early', async () => {
    for await (const row of platformApiSource.read(configFor(platform, { resource: 'huge' }), {})) {
      if (row.at.row === 10) break;
    }
    await wait(200);
    expect(sent.finished).toBe(false);
    expect(sent.records).toBeLessThan(TOTAL / 2);
  });
});
