'use strict';
// Benchmark: a contacts workbook (.xlsx, written by exceljs's streaming writer
// with shared strings, as Excel writes them) beside the same rows as CSV.
//
//   (a) xlsx source alone: discover + read every row, in a child process (peak RSS, rows/s)
//   (b) csv source alone, same rows
//   (c) with DATABASE_URL: `ferry import` of the workbook and of the CSV into fresh databases
//
// Runs from dist/ (npm run build). Target: peak RSS under 300 MB at 200,000 rows.
//   npm run bench -- import-xlsx [--rows 200000]
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const { ferryNodeFlags, seconds, withDb, flag, vmHwmKb } = require('./measure');

async function main(argv) {
  const rows = Number(flag(argv, '--rows') ?? 200_000);
  const { xlsx, csv } = await generate(rows);
  console.log(`files: ${path.basename(xlsx)} ${mb(fs.statSync(xlsx).size)} MB, ${path.basename(csv)} ${mb(fs.statSync(csv).size)} MB, ${rows} rows`);

  const a = await child(['source', 'xlsx', xlsx]);
  report('(a) xlsx source, read only', a);
  const b = await child(['source', 'csv', csv]);
  report('(b) csv source, read only', b, a);
  const summary = { rows, xlsxRowsPerSec: rate(a), csvRowsPerSec: rate(b), xlsxPeakRssMb: a.peakRssMb, csvPeakRssMb: b.peakRssMb };

  if (process.env.DATABASE_URL) {
    const c = await ferryImport('bench_xlsx', xlsx);
    report('(c) ferry import, xlsx', c);
    const d = await ferryImport('bench_xlsx_csv', csv);
    report('(d) ferry import, csv', d, c);
    Object.assign(summary, { importXlsxRowsPerSec: rate(c), importCsvRowsPerSec: rate(d), importXlsxPeakRssMb: c.peakRssMb, importCsvPeakRssMb: d.peakRssMb });
  } else {
    console.log('(c) set DATABASE_URL to also time `ferry import` of both files');
  }
  if (a.peakRssMb >= 300) console.log(`!! xlsx peak RSS ${a.peakRssMb} MB is over the 300 MB target`);
  console.log(JSON.stringify(summary));
}

/** The same contacts as bench/import-contacts.js writes, as .xlsx and .csv, once per size. */
async function generate(rows) {
  const dir = path.join(__dirname, '.data');
  fs.mkdirSync(dir, { recursive: true });
  const xlsx = path.join(dir, `contacts-${rows}.xlsx`);
  const csv = path.join(dir, `contacts-${rows}-for-xlsx.csv`);
  if (fs.existsSync(xlsx) && fs.existsSync(csv)) return { xlsx, csv };
  const ExcelJS = require('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${xlsx}.part`, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Contacts');
  const out = fs.openSync(`${csv}.part`, 'w');
  const header = ['Email', 'First name', 'Last name', 'Phone', 'Tags', 'Kurs'];
  sheet.addRow(header).commit();
  let chunk = `${header.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    const cells = contact(i);
    sheet.addRow(cells).commit();
    chunk += `${cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
  sheet.commit();
  await workbook.commit();
  fs.renameSync(`${xlsx}.part`, xlsx);
  fs.renameSync(`${csv}.part`, csv);
  return { xlsx, csv };
}

function contact(i) {
  const first = ['Ada', 'Alan', 'Grace', 'Katherine', 'Marie', 'Jürgen', 'Zoë', 'Oliver', 'Amelia', 'Noah'];
  const last = ['Lovelace', 'Turing', 'Hopper', 'Johnson', 'Curie', 'Müller', "O'Brien", 'Smith', 'Jones', 'Brown'];
  const courses = ['Maths', 'Physics', 'Chemistry', 'Biology', 'History', 'Art'];
  const repeat = i > 100 && i % 20 === 7; // ~5%: an earlier person again, email in other case
  const who = repeat ? i - 97 : i;
  const email = `person${who}@example.com`;
  const phone = `+44 ${String(7000 + (Math.floor(who / 100000) % 999)).padStart(4, '0')} ${String(900000 + (who % 100000)).padStart(6, '0')}`;
  return [repeat ? email.toUpperCase() : email, first[who % 10], last[(who >> 3) % 10], phone, `${courses[who % 6]}; cohort-${who % 12}`, courses[(who + 1) % 6]];
}

/** Runs this file as a child (`--child ...`) so its peak RSS is its own. */
async function child(args) {
  const proc = spawn(process.execPath, [__filename, '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  proc.stdout.on('data', (d) => (stdout += d));
  const code = await new Promise((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`child ${args.join(' ')} exited with ${code}: ${stdout.slice(0, 2000)}`);
  return JSON.parse(stdout.trim().split('\n').pop());
}

async function readWithSource(kind, file) {
  const sdk = require(path.join(ROOT, 'dist/libs/sdk/src'));
  const { xlsxSource } = require(path.join(ROOT, 'dist/connectors/source-xlsx'));
  const { csvSource } = require(path.join(ROOT, 'dist/connectors/source-csv'));
  const source = kind === 'xlsx' ? xlsxSource : csvSource;
  const config = sdk.resolveConfig(source, {});
  const input = sdk.fileInput(file);
  const started = process.hrtime.bigint();
  await source.discover(config, { input });
  let rows = 0;
  for await (const row of source.read(config, { input })) if (row.values) rows++;
  const took = seconds(started);
  console.log(JSON.stringify({ rows, seconds: took, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function ferryImport(dbName, file) {
  const { Client } = require('pg');
  const url = process.env.DATABASE_URL;
  const admin = new Client({ connectionString: withDb(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const args = [...ferryNodeFlags(), path.join(ROOT, 'bin', 'ferry.js'), 'import', file, '--name', 'bench', '--json',
    '--map', 'Email=email', '--map', 'First name=first_name', '--map', 'Last name=last_name', '--map', 'Phone=phone',
    '--map', 'Tags=tags', '--map', 'Kurs=tags', '--default-country', 'GB'];
  const started = process.hrtime.bigint();
  const proc = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: withDb(url, dbName) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let peakKb = 0;
  const watch = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(proc.pid))), 100);
  let stdout = '';
  proc.stdout.on('data', (d) => (stdout += d));
  const code = await new Promise((resolve) => proc.on('close', resolve));
  clearInterval(watch);
  if (code !== 0) throw new Error(`ferry import ${path.basename(file)} exited with ${code}: ${stdout.slice(0, 2000)}`);
  const result = JSON.parse(stdout);
  return { rows: result.counts.read, seconds: seconds(started), peakRssMb: Math.round(peakKb / 1024), counts: result.counts };
}


function report(label, run, reference) {
  const parts = [`${label}: ${run.seconds.toFixed(1)} s`, `${rate(run).toLocaleString('en')} rows/s`, `peak RSS ${run.peakRssMb} MB`];
  if (reference) parts.push(`${(run.seconds / reference.seconds).toFixed(2)}× the xlsx time`);
  if (run.counts) parts.push(`counts ${JSON.stringify(run.counts)}`);
  console.log(parts.join(' | '));
}

const rate = (run) => Math.round(run.rows / run.seconds);
const mb = (bytes) => (bytes / 1e6).toFixed(1);

if (require.main === module && process.argv[2] === '--child') {
  const [, , , mode, kind, file] = process.argv;
  if (mode !== 'source') throw new Error(`unknown child mode ${mode}`);
  readWithSource(kind, file).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { main };
