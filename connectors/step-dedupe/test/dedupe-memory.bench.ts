// Memory of the dedupe step for 1,000,000 distinct emails, in batches of 1,000 rows.
// Run: node --expose-gc node_modules/.bin/jest -i --testMatch '**/step-dedupe/test/*.bench.ts'
import { createRow, createValues, resolveConfig, type Row } from '@ferry/sdk';
import { dedupeStep } from '..';

const KEYS = 1_000_000;
const BATCH = 1_000;

function emailOf(i: number): string {
  return `Person.${i}.${(i * 2654435761) % 99991}@Example${i % 97}.com`;
}

function memory(): { heap: number; buffers: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers };
}

it(`holds ${KEYS.toLocaleString('en')} distinct emails in bounded memory`, async () => {
  expect(typeof (globalThis as { gc?: unknown }).gc).toBe('function');
  const step = await dedupeStep.create(resolveConfig(dedupeStep, {}), { columns: [], fields: [] });
  const before = memory();
  let nanos = 0n;
  let warnings = 0;
  for (let start = 0; start < KEYS; start += BATCH) {
    const rows: Row[] = [];
    for (let i = start; i < start + BATCH; i++) {
      rows.push(createRow(createValues([['email', emailOf(i)]]), { file: 'big.csv', row: i + 2 }));
    }
    const started = process.hrtime.bigint();
    const passed = await step.transform(rows);
    nanos += process.hrtime.bigint() - started;
    for (const row of passed) warnings += row.issues.length;
  }
  const seconds = Number(nanos) / 1e9;
  const after = memory();
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(
    `dedupe, ${KEYS.toLocaleString('en')} distinct keys: heap +${mb(after.heap - before.heap)}, array buffers +${mb(after.buffers - before.buffers)}, ` +
      `${Math.round(KEYS / seconds).toLocaleString('en')} rows/s in transform(), ${warnings} false duplicates`,
  );
  expect(warnings).toBe(0);
  // Uses the step after measuring, so its table cannot have been collected before.
  const [again] = await step.transform([createRow(createValues([['email', emailOf(7).toUpperCase()]]), { file: 'big.csv', row: KEYS + 2 })]);
  expect(again.issues[0].message).toContain('row 9;');
  expect(after.heap - before.heap + (after.buffers - before.buffers)).toBeLessThan(64e6);
});
