#!/usr/bin/env -S node --max-semi-space-size=16 --max-old-space-size=1024
// (A heap ceiling makes V8 collect the old generation at 1.6x of what survived instead of 4x:
// runs stream, so a worker's live heap stays small, and its RSS follows it; see bin/ferry.js.)
'use strict';
// `ferry-worker`: executes runs queued on Redis (REDIS_URL) until SIGTERM. Start as many as you like, on any machine.
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write('ferry-worker: not built yet; run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}
require(entry);
