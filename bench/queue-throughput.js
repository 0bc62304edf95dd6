'use strict';
// Benchmark: the contacts file through the run queue, executed by 1 and then
// by 2 `ferry-worker` processes, against the PostgreSQL in DATABASE_URL and
// the Redis in REDIS_URL.
//
//   npm run bench -- queue-throughput --rows 1000000 [--runs 2]
//
// One run is executed by one worker at a time (its batches are ordered), so
// the queue scales by running several runs at once: each case queues `--runs`
// imports of the file (each into its own workspace, as different schools
// would) and measures from the first enqueue until the last run ends.
// Prints rows/s per case and the workers' peak RSS, then one JSON line.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { generate } = require('./import-contacts');
const { freshDatabase, nodeFlagsOf, vmHwmKb, seconds, flag } = require('./measure');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin');

async function main(argv) {
  const rows = Number(flag(argv, '--rows') ?? 1_000_000);
  const runs = Number(flag(argv, '--runs') ?? 2);
  const url = process.env.DATABASE_URL;
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!url) throw new Error('Set DATABASE_URL to a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test).');
  const file = generate(rows);
  console.log(`file: ${file} (${rows} rows), ${runs} runs per case`);

  const results = {};
  for (const workers of [1, 2]) {
    const dbUrl = await freshDatabase(url, `bench_queue_${workers}`);
    const env = { ...process.env, DATABASE_URL: dbUrl, REDIS_URL: redis, FERRY_QUEUE_PREFIX: `bench-${process.pid}-${workers}`,
      FERRY_WORKER_CONCURRENCY: '1', FERRY_WORKSPACE_CONCURRENCY: '4' };
    // Migrate once before the workers start, so they do not race to.
    await cli(['runs'], env);
    const procs = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
    const peaks = procs.map(() => 0);
    const watch = setInterval(() => procs.forEach((p, i) => (peaks[i] = Math.max(peaks[i], vmHwmKb(p.pid)))), 200);
    const started = process.hrtime.bigint();
    const ids = await Promise.all(Array.from({ length: runs }, (_, i) =>
      cli(['import', file, '--detach', '--json', '--map', 'Phone=phone', '--default-country', 'GB', '--map', 'Kurs=tags'], { ...env, FERRY_WORKSPACE: `school-${i + 1}` })
        .then((out) => ({ workspace: `school-${i + 1}`, runId: JSON.parse(out).runId }))));
    const ended = await Promise.all(ids.map(({ workspace, runId }) =>
      cli(['runs', 'show', runId, '--follow', '--json'], { ...env, FERRY_WORKSPACE: workspace }).then((out) => JSON.parse(out))));
    const took = seconds(started);
    clearInterval(watch);
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((resolve) => p.on('exit', resolve))));
    const failed = ended.filter((r) => !['completed', 'completed_with_errors'].includes(r.status));
    if (failed.length) throw new Error(`runs ended ${failed.map((r) => r.status).join(', ')}`);
    const rowsPerSec = Math.round((rows * runs) / took);
    const peakRssMb = Math.round(Math.max(...peaks) / 1024);
    results[workers] = { seconds: took, rowsPerSec, peakRssMb };
    console.log(`${workers} worker${workers > 1 ? 's' : ''}: ${took.toFixed(1)} s for ${runs} × ${rows} rows | ${rowsPerSec.toLocaleString('en')} rows/s | peak RSS per worker ${peakRssMb} MB`);
  }
  console.log(JSON.stringify({
    rows, runs,
    oneWorkerRowsPerSec: results[1].rowsPerSec,
    twoWorkersRowsPerSec: results[2].rowsPerSec,
    speedup: Math.round((results[2].rowsPerSec / results[1].rowsPerSec) * 100) / 100,
    peakRssMb: Math.max(results[1].peakRssMb, results[2].peakRssMb),
  }));
}

function startWorker(env) {
  const child = spawn(process.execPath, [...nodeFlagsOf('ferry-worker.js'), path.join(BIN, 'ferry-worker.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ferry worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
  });
}

function cli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BIN, 'ferry.js'), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 || code === 3 ? resolve(out) : reject(new Error(`ferry ${args.join(' ')} exited ${code}: ${out.slice(0, 500)}`))));
  });
}

module.exports = { main };
