#!/usr/bin/env node
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
require(entry).main(process.argv).then((code) => process.exit(code));
