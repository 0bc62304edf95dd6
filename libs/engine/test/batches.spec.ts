import { batchesOf } from '../src/batches';

async function* stream<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe('batchesOf', () => {
  it('cuts a stream into batches of the given size, the last one shorter', async () => {
    expect(await collect(batchesOf(stream([1, 2, 3, 4, 5]), 2))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('never splits the rows of one spreadsheet line, so a resume with another batch size skips whole lines', async () => {
    // Line 2 became three rows (a user with three course columns), line 3 one, line 4 two.
    const rows = [{ line: 2, n: 'a' }, { line: 2, n: 'b' }, { line: 2, n: 'c' }, { line: 3, n: 'd' }, { line: 4, n: 'e' }, { line: 4, n: 'f' }];
    const sameLine = (a: { line: number }, b: { line: number }) => a.line === b.line;
    const cut = (size: number) => collect(batchesOf(stream(rows), size, sameLine)).then((bs) => bs.map((b) => b.map((r) => r.n).join('')));
    expect(await cut(2)).toEqual(['abc', 'def']);
    expect(await cut(1)).toEqual(['abc', 'd', 'ef']);
    expect(await cut(4)).toEqual(['abcd', 'ef']);
  });
});
