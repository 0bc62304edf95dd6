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
  }
  if (batch.length > 0) yield batch;
}
