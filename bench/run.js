#!/usr/bin/env node
'use strict';
// `npm run bench -- <name> [flags]`: runs bench/<name>.js. Benchmarks print
// figures and compare against a reference measured in the same run.
const path = require('node:path');
const fs = require('node:fs');
const [name, ...args] = process.argv.slice(2);
const file = name && path.join(__dirname, `${name}.js`);
if (!file || !fs.existsSync(file)) {
  const known = fs.readdirSync(__dirname).filter((f) => f.endsWith('.js') && f !== 'run.js' && f !== 'measure.js').map((f) => f.slice(0, -3));
  console.error(`usage: npm run bench -- <${known.join('|')}> [flags]`);
  process.exit(2);
}
require(file).main(args).catch((error) => {
  console.error(error);
  process.exit(1);
});
