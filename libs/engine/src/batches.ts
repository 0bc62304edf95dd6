/** Rows read between two turns of the event loop (each turn costs microseconds; a late database reply costs the batch's transaction its wait). */
const YIELD_EVERY = 50;

/**
 * Groups an async stream into arrays of `size` items. With `sameGroup`, a
 * batch is only cut between items of different groups, so it may run over
 * `size` by the rest of one group: a source that turns one spreadsheet line
 * into several rows (a user's numbered course columns) has the line's rows
 * committed together, and a resume skips whole lines whatever batch size it
 * runs with.
 */
export async function* batchesOf<T>(items: AsyncIterable<T>, size: number, sameGroup?: (a: T, b: T) => boolean): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    if (batch.length >= size && !(sameGroup && sameGroup(batch[batch.length - 1], item))) {
      yield batch;
      batch = [];
    }
    batch.push(item);
    // A source whose rows are already parsed hands over a whole batch in microtasks, holding the
    // event loop: every few hundred rows it turns, so the previous batch's database replies are
    // taken up while this one is read (the batch's transaction waits less between statements).
    if (batch.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (batch.length > 0) yield batch;
}
