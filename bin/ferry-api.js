#!/usr/bin/env node
'use strict';
// `ferry-api`: the admin HTTP API (FERRY_API_PORT, default 3000; OpenAPI at /docs).
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write('ferry-api: not built yet; run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}
require(entry);
