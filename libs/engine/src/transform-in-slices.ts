import type { Row, Step } from '@ferry/sdk';

/**
 * Rows go through the steps a slice at a time, as a pipeline: while one slice
 * waits on a step that works elsewhere (normalize-phone's worker thread), the
 * next slices go through the steps before it. Each step still sees the slices
 * in file order (a step's call for a slice waits for its call for the slice
 * before). Between slices the event loop turns, so the previous batch's
 * database replies are handled promptly.
 */
const SLICE = 50;
export async function transformInSlices(steps: Step[], rows: Row[]): Promise<Row[]> {
  if (steps.length === 0) return rows;
  const tails: Promise<unknown>[] = steps.map(() => Promise.resolve());
  const through = async (slice: Row[]): Promise<Row[]> => {
    for (let k = 0; k < steps.length; k++) {
      const input = slice;
      const current = tails[k].then(() => steps[k].transform(input));
      tails[k] = current;
      slice = await current;
    }
    return slice;
  };
  const slices: Promise<Row[]>[] = [];
  for (let start = 0; start < rows.length; start += SLICE) {
    const pending = through(rows.slice(start, start + SLICE));
    pending.catch(() => undefined); // surfaced by Promise.all below
    slices.push(pending);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return (await Promise.all(slices)).flat();
}
