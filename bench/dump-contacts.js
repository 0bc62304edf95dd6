'use strict';
// Benchmark: `ferry contacts --json` of a workspace of N contacts, against the
// server in DATABASE_URL, beside a reference measured in the same run.
//
//   (a) reference: psql \copy of the same contacts in id order to /dev/null
//       (what PostgreSQL alone takes to hand them over)
//   (b) ferry contacts --json, every contact
//   (c) ferry contacts --json --tag cohort-3 (one contact in 12)
//
// The database (bench_dump) is built once per size with SQL, not by importing:
// a 200,000-contact workspace, ANALYZEd, then the measured workspace, which
// the statistics have not seen yet (as after a first big import) — the case
// where paging used to read the whole workspace for every page.
//   DATABASE_URL=… npm run bench -- dump-contacts [--rows 1000000]
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const { freshDatabase, ferryNodeFlags, vmHwmKb, seconds, flag } = require('./measure');

const ROOT = path.resolve(__dirname, '..');
const DB = 'bench_dump';

async function main(argv) {
  const rows = Number(flag(argv, '--rows') ?? 1_000_000);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test).');
  const dbUrl = await prepare(url, rows);

  const a = reference(dbUrl);
  console.log(`(a) reference \\copy in id order: ${a.toFixed(1)} s | ${Math.round(rows / a).toLocaleString('en')} rows/s`);
  const b = await dump(dbUrl, []);
  if (b.count !== rows) throw new Error(`ferry printed ${b.count} contacts, expected ${rows}`);
  report('(b) ferry contacts --json', b, a);
  const c = await dump(dbUrl, ['--tag', 'cohort-3']);
  report('(c) ferry contacts --json --tag cohort-3', c, a);
  console.log(JSON.stringify({ rows, referenceSeconds: round(a), dumpSeconds: round(b.seconds), dumpRatio: round(b.seconds / a), dumpPeakRssMb: b.peakRssMb, tagSeconds: round(c.seconds) }));
}

/** Builds bench_dump with `rows` contacts in workspace "bench" unless it already has them. */
async function prepare(url, rows) {
  const dbUrl = Object.assign(new URL(url), { pathname: `/${DB}` }).toString();
  const existing = new Client({ connectionString: dbUrl });
  const ready = await existing.connect().then(
    () => existing.query(`select count(*)::int as n from contact c join workspace w on w.id = c.workspace_id where w.slug = 'bench'`).then((r) => r.rows[0].n === rows, () => false),
    () => false,
  );
  await existing.end().catch(() => undefined);
  if (ready) return dbUrl;

  await freshDatabase(url, DB);
  // Migrates and creates both workspaces.
  for (const workspace of ['other', 'bench']) await ferry(dbUrl, workspace, ['contacts']);
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const started = process.hrtime.bigint();
  const courses = `array['Maths','Physics','Chemistry','Biology','History','Art']`;
  await client.query(`insert into tag (workspace_id, name, name_key)
    select w.id, n, lower(n) from workspace w, (select unnest(${courses}) as n union all select 'cohort-' || g from generate_series(0, 11) g) t`);
  const fill = (slug, count) => client.query(
    `insert into contact (workspace_id, email, email_key, first_name, last_name, phone, fields, tag_ids)
     select w.id, 'person' || g || '@example.com', 'person' || g || '@example.com', 'First' || g, 'Last' || g,
            case when g % 3 = 0 then '+44770090' || lpad((g % 10000)::text, 4, '0') end,
            case when g % 4 = 0 then jsonb_build_object('student_no', g) else '{}' end,
            array(select t.id from tag t where t.workspace_id = w.id and t.name in ((${courses})[g % 6 + 1], 'cohort-' || (g % 12)) order by t.id)
       from workspace w, generate_series(1, $2::int) g where w.slug = $1`,
    [slug, count],
  );
  await fill('other', 200_000);
  await client.query('analyze contact');
  await fill('bench', rows);
  await client.end();
  console.log(`built ${DB}: ${rows} contacts in ${seconds(started).toFixed(1)} s`);
  return dbUrl;
}

function reference(dbUrl) {
  const started = process.hrtime.bigint();
  execFileSync('psql', [dbUrl, '-q', '-c', `\\copy (select c.id, c.email, c.first_name, c.last_name, c.phone, c.fields, c.tag_ids from contact c
    join workspace w on w.id = c.workspace_id where w.slug = 'bench' order by c.id) to '/dev/null'`], { stdio: 'inherit' });
  return seconds(started);
}

/** Runs `ferry contacts --json`, counting the objects it prints as they stream (no 150 MB string here). */
async function dump(dbUrl, args) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...ferryNodeFlags(), path.join(ROOT, 'bin', 'ferry.js'), 'contacts', '--json', ...args], {
    env: { ...process.env, DATABASE_URL: dbUrl, FERRY_WORKSPACE: 'bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb = 0;
  const watch = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid))), 100);
  let count = 0;
  let carry = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    const chunk = carry + text;
    count += chunk.split('{"email":').length - 1;
    carry = chunk.slice(-8);
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(watch);
  if (code !== 0) throw new Error(`ferry contacts exited with ${code}`);
  return { seconds: seconds(started), peakRssMb: Math.round(peakKb / 1024), count };
}

function ferry(dbUrl, workspace, args) {
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'ferry.js'), ...args], {
    env: { ...process.env, DATABASE_URL: dbUrl, FERRY_WORKSPACE: workspace },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function report(label, run, reference) {
  console.log(`${label}: ${run.seconds.toFixed(1)} s | ${run.count.toLocaleString('en')} contacts | peak RSS ${run.peakRssMb} MB | ${(run.seconds / reference).toFixed(2)}× reference`);
}

const round = (x) => Math.round(x * 100) / 100;

module.exports = { main };
