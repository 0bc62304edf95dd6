'use strict';
// Benchmark: the admin API receiving a 100 MB CSV and previewing it.
//
//   reference: copying the same file on disk (the floor for storing an upload),
//              and the API's RSS when idle
//   measured:  upload time (multipart, streamed to disk with its SHA-256),
//              time to preview (format, columns, 20 rows, suggested mapping),
//              the API process's peak RSS (VmHWM), which must stay under 300 MB
//
// Runs from dist/ (npm run build), on DATABASE_URL when set, else the embedded database.
//   npm run bench -- api-upload [--mb 100]
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { dataFile, seconds, flag } = require('./measure');

const ROOT = path.resolve(__dirname, '..');

async function main(argv) {
  const targetMb = Number(flag(argv, '--mb') ?? 100);
  const file = generate(targetMb);
  const size = fs.statSync(file).size;
  console.log(`file: ${path.basename(file)} ${mb(size)} MB`);

  const copyStart = process.hrtime.bigint();
  const copy = `${file}.copy`;
  fs.copyFileSync(file, copy);
  const copySeconds = seconds(copyStart);
  fs.rmSync(copy);

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-api-'));
  const env = { ...process.env, FERRY_HOME: home, FERRY_API_PORT: '0', FERRY_WORKSPACE: 'bench' };
  const key = JSON.parse(cli(['keys', 'create', '--json'], env)).key;
  const api = await startApi(env);
  try {
    const idleRssMb = status(api.pid).rss;
    const uploadStart = process.hrtime.bigint();
    const form = new FormData();
    form.append('file', await fs.openAsBlob(file), path.basename(file));
    const upload = await (await fetch(`${api.url}/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } })).json();
    const uploadSeconds = seconds(uploadStart);
    if (!upload.id) throw new Error(`upload failed: ${JSON.stringify(upload)}`);

    const previewStart = process.hrtime.bigint();
    const preview = await (await fetch(`${api.url}/uploads/${upload.id}/preview`, { headers: { authorization: `Bearer ${key}` } })).json();
    const previewMs = Number(process.hrtime.bigint() - previewStart) / 1e6;
    if (!preview.rows) throw new Error(`preview failed: ${JSON.stringify(preview)}`);
    const peak = status(api.pid).peak;

    console.log(`reference: disk copy ${copySeconds.toFixed(2)} s (${(mb(size) / copySeconds).toFixed(0)} MB/s); API idle RSS ${idleRssMb} MB`);
    console.log(`upload:    ${uploadSeconds.toFixed(2)} s (${(mb(size) / uploadSeconds).toFixed(0)} MB/s, ${(uploadSeconds / copySeconds).toFixed(1)}x the disk copy), sha256 ${upload.sha256.slice(0, 12)}…`);
    console.log(`preview:   ${previewMs.toFixed(0)} ms (${preview.rows.length} rows, ${preview.columns.length} columns, delimiter "${preview.delimiter}")`);
    console.log(`API peak RSS: ${peak} MB (target < 300 MB)${peak >= 300 ? '  !! over target' : ''}`);
    console.log(JSON.stringify({ fileMb: mb(size), copySeconds, uploadSeconds, previewMs: Math.round(previewMs), idleRssMb, peakRssMb: peak }));
  } finally {
    api.child.kill('SIGTERM');
    await new Promise((resolve) => api.child.on('exit', resolve));
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Contacts rows until the file reaches the size, written once per size. */
function generate(targetMb) {
  return dataFile(`upload-${targetMb}mb.csv`, function* () {
    let size = 0;
    const header = 'Email,First name,Last name,Phone,Kurs\n';
    yield header;
    size += header.length;
    for (let i = 0; size < targetMb * 1024 * 1024; i++) {
      const line = `person${i}@example.com,Ada${i % 97},Lovelace${i % 89},+44 7700 ${String(900000 + (i % 100000)).padStart(6, '0')},Maths; Physics\n`;
      size += line.length;
      yield line;
    }
  });
}

function cli(args, env) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'ferry.js'), ...args], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ferry ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function startApi(env) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ferry-api.js')], { env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      const found = /ferry api listening on (\S+)/.exec(output);
      if (found) {
        clearInterval(check);
        resolve({ child, pid: child.pid, url: found[1] });
      }
    }, 50);
    child.on('exit', () => {
      clearInterval(check);
      reject(new Error(`the API exited:\n${output}`));
    });
  });
}

/** RSS now and at its peak, in MB, from /proc. */
function status(pid) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)[1]);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

module.exports = { main };
