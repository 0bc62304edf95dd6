#!/usr/bin/env -S node --max-semi-space-size=16 --max-old-space-size=1024
// (Imports allocate many short-lived row objects: a larger young generation
// spends less time in garbage collection; measured -15% wall time, 16 MB is as fast as 32 MB with 40 MB less RSS.
// V8 lets the old generation grow to up to 4× what survived the last full collection when the
// heap may reach 2 GB or more, 1.6× when it may reach 1 GB (heap-controller.cc, MaxGrowingFactor).
// An import's live heap is 30-60 MB, but rows that outlive a batch pile up as garbage until the
// next full collection: 150 MB of heap before, 60-100 MB now. A 200,000-row import: peak RSS
// 320 → 205 MB, CPU time the same within noise (bench/import-xlsx.js). Commands stream and page,
// so 1 GB is far more than any of them holds.)
'use strict';
// The `ferry` command. `npm ci` builds dist/ (the `prepare` script).
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write('ferry: not built yet; run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}
// `ferry contacts --json | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
require(entry).main(process.argv).then((code) => {
  // Exit once stdout has drained (a large --json answer into a pipe), not before.
  process.stdout.write('', () => process.exit(code));
});
