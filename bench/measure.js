'use strict';
// What every benchmark measures with: time, peak RSS of a child process, a
// fresh database, flags, and one line of figures per measured run.
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '..');

/** Seconds since a `process.hrtime.bigint()`. */
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const round = (x) => Math.round(x * 100) / 100;
const withDb = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
/** The value after `--name` on the command line. */
const flag = (argv, name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** A process's peak resident memory so far (VmHWM), in kB; 0 once it has gone. */
function vmHwmKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** An empty database `name` on the server of `url`; returns its URL. */
async function freshDatabase(url, name) {
  const admin = new Client({ connectionString: withDb(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  return withDb(url, name);
}

/** The node flags a bin's shebang gives, so benchmarks run Ferry's commands as users do. */
function nodeFlagsOf(bin) {
  const shebang = fs.readFileSync(path.join(ROOT, 'bin', bin), 'utf8').split('\n')[0];
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}
const ferryNodeFlags = () => nodeFlagsOf('ferry.js');

/**
 * bench/.data/<name>, written once from the lines a generator yields (in
 * 1 MB writes, through a .part file so an interrupted run leaves no half file).
 */
function dataFile(name, lines) {
  const dir = path.join(__dirname, '.data');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return file;
  const out = fs.openSync(`${file}.part`, 'w');
  let chunk = '';
  for (const line of lines()) {
    chunk += line;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
  fs.renameSync(`${file}.part`, file);
  return file;
}

/** One line: time, rows/s, peak RSS, the ratio to the reference, counts. */
function report(label, rows, run, reference) {
  const parts = [`${label}: ${run.seconds.toFixed(1)} s`, `${Math.round(rows / run.seconds).toLocaleString('en')} rows/s`];
  if (run.peakRssMb) parts.push(`peak RSS ${Math.round(run.peakRssMb)} MB`);
  if (reference) parts.push(`${(run.seconds / reference.seconds).toFixed(2)}× reference`);
  if (run.result) parts.push(`counts ${JSON.stringify(run.result.counts)}`);
  console.log(parts.join(' | '));
}

module.exports = { ROOT, dataFile, seconds, round, withDb, flag, vmHwmKb, freshDatabase, nodeFlagsOf, ferryNodeFlags, report };
