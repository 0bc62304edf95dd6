'use strict';
// Benchmark: Ferry importing an N-row completions CSV (progress sink) against
// a plain PostgreSQL merge of the same file, on the server in DATABASE_URL.
//
// Each side gets a fresh database seeded alike: one product with a 3-level
// tree of 1,000 nodes (10 programmes × 9 journeys × 10 activities), 100,000
// contacts (95% with access). The file mixes ISO, day-first and empty dates,
// mostly activities, some journeys and programmes, 0.1% unknown emails.
//
//   (a) reference: psql \copy into a staging table + one INSERT ... SELECT
//       over the tree's closure, earliest date per contact × node,
//       ON CONFLICT DO UPDATE when earlier
//   (b) ferry: csv → map-columns → normalize-email → progress, through the
//       engine (RunPipeline) in a child process, from dist/
//
// Checks both end with the same completions, prints rows/s, peak RSS and the
// ratio to (a), then one JSON line.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { dataFile, seconds, round, withDb, flag, vmHwmKb, freshDatabase, report } = require('./measure');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const CONTACTS = 100_000;
const PROGRAMMES = 10;
const JOURNEYS = 9; // per programme
const ACTIVITIES = 10; // per journey
const JOURNEY_BASE = PROGRAMMES;
const ACTIVITY_BASE = JOURNEY_BASE + PROGRAMMES * JOURNEYS;

async function main(argv) {
  if (argv[0] === '--child') return child(JSON.parse(argv[1]));
  const rows = Number(flag(argv, '--rows') ?? 1_000_000);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test).');
  const file = generate(rows);
  console.log(`file: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${rows} rows)`);

  const refUrl = await freshDatabase(url, 'bench_progress_ref');
  const refWorkspace = await seed(refUrl);
  const reference = await referenceMerge(refUrl, refWorkspace, file);
  report('(a) reference \\copy + merge', rows, reference);

  const ferryUrl = await freshDatabase(url, 'bench_progress');
  const workspaceId = await seed(ferryUrl);
  const run = await ferryImport(ferryUrl, workspaceId, file);
  report('(b) ferry, progress sink', rows, run, reference);

  const [expected, got] = [await checksum(refUrl), await checksum(ferryUrl)];
  console.log(`completions: reference ${expected.count}, ferry ${got.count}`);
  if (JSON.stringify(expected) !== JSON.stringify(got)) throw new Error(`completions differ: ${JSON.stringify({ expected, got })}`);

  console.log(JSON.stringify({
    rows,
    rowsPerSec: Math.round(rows / run.seconds),
    peakRssMb: Math.round(run.peakRssMb),
    ratioToReference: round(run.seconds / reference.seconds),
  }));
}

/** Deterministic node uuids, so one file serves every run. */
const uuidOf = (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Writes the bench CSV once per size (seeded random, so the same every time). */
function generate(rows) {
  const random = mulberry32(42);
  const pad = (n) => String(n).padStart(2, '0');
  return dataFile(`progress-${rows}.csv`, function* () {
    yield 'Email,Content,Completed on,Progress\n';
    for (let i = 0; i < rows; i++) {
      const contact = Math.floor(random() * CONTACTS);
      const email = random() < 0.001 ? `nobody${contact}@example.com` : `learner${contact}@example.com`;
      const kind = random();
      const node = kind < 0.01 ? Math.floor(random() * PROGRAMMES)
        : kind < 0.06 ? JOURNEY_BASE + Math.floor(random() * PROGRAMMES * JOURNEYS)
        : ACTIVITY_BASE + Math.floor(random() * PROGRAMMES * JOURNEYS * ACTIVITIES);
      const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365) * 86_400_000);
      const [y, m, d] = [day.getUTCFullYear(), pad(day.getUTCMonth() + 1), pad(day.getUTCDate())];
      const style = random();
      const date = style < 0.5 ? `${y}-${m}-${d}` : style < 0.8 ? `${d}.${m}.${y}` : style < 0.95 ? `${d}/${m}/${y}` : '';
      const progress = random();
      yield `${email},${uuidOf(node)},${date},${progress < 0.3 ? '100%' : progress < 0.4 ? 'done' : ''}\n`;
    }
  });
}

/** Migrations (from dist/), a workspace, the product and its tree, the contacts and their access; returns the workspace id. */
async function seed(dbUrl) {
  const { openDatabase, WorkspaceStore } = require(path.join(DIST, 'libs/domain/src'));
  const db = await openDatabase({ DATABASE_URL: dbUrl, FERRY_HOME: '/nonexistent' });
  const workspaceId = await new WorkspaceStore(db.sql).ensure('bench');
  await db.close();
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const uuid = (n) => `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
  const [{ id: productId }] = (await client.query(`insert into product (workspace_id, name, name_key) values ($1, 'Bench course', 'bench course') returning id`, [workspaceId])).rows;
  await client.query(
    `insert into content_node (workspace_id, product_id, parent_id, uuid, level, title, position)
     select $1, $2, null, ${uuid('p')}, 'programme', 'Programme ' || p, p from generate_series(0, ${PROGRAMMES - 1}) p`,
    [workspaceId, productId],
  );
  await client.query(
    `insert into content_node (workspace_id, product_id, parent_id, uuid, level, title, position)
     select $1, $2, parent.id, ${uuid(`${JOURNEY_BASE} + p * ${JOURNEYS} + j`)}, 'journey', 'Journey ' || p || '.' || j, j
       from generate_series(0, ${PROGRAMMES - 1}) p cross join generate_series(0, ${JOURNEYS - 1}) j
       join content_node parent on parent.workspace_id = $1 and parent.uuid = ${uuid('p')}`,
    [workspaceId, productId],
  );
  await client.query(
    `insert into content_node (workspace_id, product_id, parent_id, uuid, level, title, position)
     select $1, $2, parent.id, ${uuid(`${ACTIVITY_BASE} + j * ${ACTIVITIES} + a`)}, 'activity', 'Activity ' || j || '.' || a, a
       from generate_series(0, ${PROGRAMMES * JOURNEYS - 1}) j cross join generate_series(0, ${ACTIVITIES - 1}) a
       join content_node parent on parent.workspace_id = $1 and parent.uuid = ${uuid(`${JOURNEY_BASE} + j`)}`,
    [workspaceId, productId],
  );
  await client.query(
    `insert into contact (workspace_id, email, email_key, roles)
     select $1, 'learner' || i || '@example.com', 'learner' || i || '@example.com', '{student}' from generate_series(0, ${CONTACTS - 1}) i`,
    [workspaceId],
  );
  const [{ id: offerId }] = (await client.query(
    `insert into offer (workspace_id, name, name_key, product_ids) values ($1, 'Bench course', 'bench course', array[$2::int]) returning id`,
    [workspaceId, productId],
  )).rows;
  // 5% without access: their completions are written with a no_access warning.
  await client.query(`insert into access_grant (contact_id, offer_id, workspace_id) select id, $2, $1 from contact where workspace_id = $1 and id % 20 <> 0`, [
    workspaceId, offerId,
  ]);
  await client.query('analyze');
  await client.end();
  return workspaceId;
}

async function referenceMerge(dbUrl, workspaceId, file) {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  await client.query(`create unlogged table staging (email text, content text, completed_on text, progress text)`);
  const started = process.hrtime.bigint();
  execFileSync('psql', [dbUrl, '-q', '-c', `\\copy staging from '${file}' with (format csv, header true)`], { stdio: 'inherit' });
  const copied = seconds(started);
  // What a careful hand-written merge does: statistics for the staging table, and no JIT
  // compilation (it costs more than it saves on this query).
  await client.query('analyze staging');
  await client.query('set jit = off');
  await client.query(
    `with recursive closure(root, node_id) as (
       select id, id from content_node where workspace_id = $1
       union all
       select c.root, n.id from closure c join content_node n on n.parent_id = c.node_id and n.workspace_id = $1
     ),
     wanted as (
       select lower(s.email) as email_key, n.id as root,
              case when s.completed_on is null then (now() at time zone 'utc')::date
                   when s.completed_on ~ '^\\d{4}-' then s.completed_on::date
                   when s.completed_on like '%.%' then to_date(s.completed_on, 'DD.MM.YYYY')
                   else to_date(s.completed_on, 'DD/MM/YYYY') end as completed_on
         from staging s join content_node n on n.workspace_id = $1 and n.uuid = s.content::uuid
     )
     insert into completion as t (contact_id, node_id, workspace_id, completed_on)
     select c.id, cl.node_id, $1, min(w.completed_on)
       from wanted w
       join contact c on c.workspace_id = $1 and c.email_key = w.email_key
       join closure cl on cl.root = w.root
      group by c.id, cl.node_id
     on conflict (contact_id, node_id) do update set completed_on = excluded.completed_on
      where excluded.completed_on < t.completed_on`,
    [workspaceId],
  );
  const total = seconds(started);
  await client.end();
  console.log(`    \\copy ${copied.toFixed(1)} s, merge ${(total - copied).toFixed(1)} s`);
  return { seconds: total };
}

async function ferryImport(dbUrl, workspaceId, file) {
  // The flag bin/ferry.js's shebang gives, as a real import would run.
  const args = ['--max-semi-space-size=16', path.join(__dirname, 'run.js'), 'import-progress', '--child', JSON.stringify({ dbUrl, workspaceId, file })];
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let peakKb = 0;
  const watch = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid))), 100);
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(watch);
  const took = seconds(started);
  if (code !== 0) throw new Error(`the import exited with ${code}: ${stdout.slice(0, 2000)}`);
  const result = JSON.parse(stdout);
  if (result.status === 'failed') throw new Error(`the import failed: ${JSON.stringify(result.error)}`);
  return { seconds: took, peakRssMb: peakKb / 1024, result };
}

/** In the child process: one run of the pipeline through the engine, its result as JSON on stdout. */
async function child({ dbUrl, workspaceId, file }) {
  const { openDatabase } = require(path.join(DIST, 'libs/domain/src'));
  const { RunPipeline } = require(path.join(DIST, 'libs/engine/src'));
  const { PluginRegistry, fileInput } = require(path.join(DIST, 'libs/sdk/src'));
  const { BUILT_IN_PLUGINS } = require(path.join(DIST, 'connectors'));
  const db = await openDatabase({ DATABASE_URL: dbUrl, FERRY_HOME: '/nonexistent' });
  try {
    const engine = new RunPipeline(db, new PluginRegistry(BUILT_IN_PLUGINS));
    const result = await engine.execute({
      workspaceId,
      input: fileInput(file),
      pipeline: {
        name: 'bench progress',
        source: { use: 'csv' },
        steps: [
          { use: 'map-columns', config: { mapping: { Email: 'email', Content: 'content', 'Completed on': 'completed_on', Progress: 'progress' }, onlyMapped: true } },
          { use: 'normalize-email' },
        ],
        sink: { use: 'progress' },
      },
    });
    process.stdout.write(JSON.stringify(result));
  } finally {
    await db.close();
  }
}

/** Completions as numbers both sides must agree on (ids match: both databases are seeded alike). */
async function checksum(dbUrl) {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const [row] = (await client.query(
    `select count(*)::text as count, coalesce(sum(contact_id * 1000 + node_id), 0)::text as pairs,
            coalesce(sum(completed_on - date '2000-01-01'), 0)::text as days from completion`,
  )).rows;
  await client.end();
  return row;
}




/** A small seeded random number generator (the same file on every machine). */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


module.exports = { main };
