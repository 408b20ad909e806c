// npm run bench:store — the Store backends measured in one run on this machine: the embedded
// SQLite store and a real etcd (started here, fsync on, default settings but for the request
// size). Values are 1 KiB. Prints a table, then as the last line one JSON object:
// {"sqlite":{...},"etcd":{...},"ratioSqliteToEtcd":writesPerSec64 ratio}.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openEtcdStore } from '../src/storage/etcd/index.ts';
import { openSqliteStore } from '../src/storage/sqlite/index.ts';
import type { Store, Watch } from '../src/storage/store.ts';
import { startEtcd } from '../test/support/etcd.ts';

const VALUE = new Uint8Array(1024).fill(120);
const WRITE_SECONDS_1 = Number(process.env.BENCH_WRITE_SECONDS_1 ?? 3);
const WRITE_SECONDS_64 = Number(process.env.BENCH_WRITE_SECONDS_64 ?? 5);
const LIST_KEYS = 10_000;
const LIST_SAMPLES = 40;
const GET_SAMPLES = 3000;
const WATCHERS = 1000;
const WATCH_EVENTS = 200;

interface Figures {
  writesPerSec1: number;
  writesPerSec64: number;
  getP50Ms: number;
  getP99Ms: number;
  list10kP50Ms: number;
  list10kP99Ms: number;
  watchP50Ms: number;
  watchP99Ms: number;
}

function percentile(samples: number[], p: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function writesPerSecond(store: Store, writers: number, seconds: number, tag: string): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await store.create(`/bench/writes-${tag}/w${w}/${i}`, VALUE);
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function fill(store: Store, prefix: string, count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < keys.length) await store.create(keys[next++]!, VALUE);
    }),
  );
  return keys;
}

async function latencies(samples: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await op(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** 1,000 watchers on one prefix; each event's delay from the start of its write to each watcher. */
async function watchDelivery(store: Store): Promise<number[]> {
  const prefix = '/bench/watched/';
  const sentAt = new Map<number, number>();
  const byKey = new Map<string, number>();
  const delays: number[] = [];
  let received = 0;
  let allReceived: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allReceived = resolve;
  });
  const from = await store.currentRevision();
  const watches: Watch[] = [];
  for (let i = 0; i < WATCHERS; i++) {
    watches.push(
      store.watch(prefix, from, {
        onEvents(events) {
          const now = performance.now();
          for (const e of events) {
            delays.push(now - (sentAt.get(e.revision) ?? byKey.get(e.key)!));
            if (++received === WATCHERS * WATCH_EVENTS) allReceived();
          }
        },
        onError(error) {
          throw error;
        },
      }),
    );
  }
  // Let every watch get established (etcd creates them one response at a time).
  const ready = await store.create(`${prefix}ready`, VALUE);
  byKey.set(ready.key, performance.now());
  await new Promise((r) => setTimeout(r, 2000));
  received = 0;
  delays.length = 0;
  for (let i = 0; i < WATCH_EVENTS; i++) {
    const key = `${prefix}${i}`;
    byKey.set(key, performance.now());
    const kv = await store.create(key, VALUE);
    sentAt.set(kv.modRevision, byKey.get(key)!);
    await new Promise((r) => setTimeout(r, 5));
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
  clearTimeout(timer);
  for (const w of watches) w.stop();
  if (received < WATCHERS * WATCH_EVENTS)
    throw new Error(`only ${received} of ${WATCHERS * WATCH_EVENTS} deliveries`);
  return delays;
}

async function measure(name: string, store: Store): Promise<Figures> {
  const log = (s: string) => process.stderr.write(`[${name}] ${s}\n`);
  log('writes, 1 writer');
  const writesPerSec1 = await writesPerSecond(store, 1, WRITE_SECONDS_1, 'one');
  log('writes, 64 writers');
  const writesPerSec64 = await writesPerSecond(store, 64, WRITE_SECONDS_64, 'many');
  log(`filling ${LIST_KEYS} keys`);
  const keys = await fill(store, '/bench/list/', LIST_KEYS);
  log('gets');
  const gets = await latencies(GET_SAMPLES, (i) => store.get(keys[(i * 7919) % keys.length]!));
  log('lists');
  const lists = await latencies(LIST_SAMPLES, async () => {
    const result = await store.list('/bench/list/');
    if (result.items.length !== LIST_KEYS) throw new Error(`listed ${result.items.length}`);
  });
  log('watch delivery');
  const watch = await watchDelivery(store);
  return {
    writesPerSec1: round(writesPerSec1, 0),
    writesPerSec64: round(writesPerSec64, 0),
    getP50Ms: round(percentile(gets, 50), 3),
    getP99Ms: round(percentile(gets, 99), 3),
    list10kP50Ms: round(percentile(lists, 50)),
    list10kP99Ms: round(percentile(lists, 99)),
    watchP50Ms: round(percentile(watch, 50)),
    watchP99Ms: round(percentile(watch, 99)),
  };
}

/**
 * The reference: what this disk allows right now, SQLite alone inserting 1 KiB rows, 64 per
 * fsync'd transaction, on the calling thread, into the same schema (log table + key index).
 */
function rawSqliteInsertsPerSecond(file: string, seconds: number): number {
  mkdirSync(join(file, '..'), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
  db.exec(
    'CREATE TABLE log (rev INTEGER PRIMARY KEY, key TEXT NOT NULL, create_rev INTEGER NOT NULL, prev_rev INTEGER NOT NULL, deleted INTEGER NOT NULL, expires_at INTEGER, value BLOB)',
  );
  db.exec('CREATE INDEX log_key_rev ON log (key, rev)');
  const insert = db.prepare('INSERT INTO log VALUES (?, ?, ?, 0, 0, NULL, ?)');
  let rev = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    db.exec('BEGIN');
    for (let i = 0; i < 64; i++) {
      rev++;
      insert.run(rev, `/bench/raw/${rev}`, rev, VALUE);
    }
    db.exec('COMMIT');
  }
  const perSecond = rev / ((performance.now() - start) / 1000);
  db.close();
  return perSecond;
}

const dir = mkdtempSync(join(tmpdir(), 'kts-bench-store-'));
const etcd = await startEtcd({ dataDir: join(dir, 'etcd'), progressNotifyInterval: '10m' });
let sqliteFigures: Figures;
let etcdFigures: Figures;
let raw64 = 0;
try {
  process.stderr.write('[reference] raw SQLite inserts\n');
  raw64 = round(rawSqliteInsertsPerSecond(join(dir, 'raw', 'raw.db'), WRITE_SECONDS_64), 0);
  const sqlite = await openSqliteStore({ file: join(dir, 'sqlite', 'state.db') });
  try {
    sqliteFigures = await measure('sqlite', sqlite);
  } finally {
    await sqlite.close();
  }
  const etcdStore = await openEtcdStore({ endpoints: [etcd.endpoint] });
  try {
    etcdFigures = await measure('etcd', etcdStore);
  } finally {
    await etcdStore.close();
  }
} finally {
  await etcd.stop();
  rmSync(dir, { recursive: true, force: true });
}

const rows: [string, keyof Figures, string][] = [
  ['writes/s, 1 writer', 'writesPerSec1', ''],
  ['writes/s, 64 writers', 'writesPerSec64', ''],
  ['get p50', 'getP50Ms', 'ms'],
  ['get p99', 'getP99Ms', 'ms'],
  ['list 10k keys p50', 'list10kP50Ms', 'ms'],
  ['list 10k keys p99', 'list10kP99Ms', 'ms'],
  ['watch delivery p50 (1,000 watchers)', 'watchP50Ms', 'ms'],
  ['watch delivery p99 (1,000 watchers)', 'watchP99Ms', 'ms'],
];
const ratio = round(sqliteFigures.writesPerSec64 / etcdFigures.writesPerSec64);
console.log(`${'store (1 KiB values, fsync on)'.padEnd(40)}${'sqlite'.padStart(12)}${'etcd'.padStart(12)}`);
for (const [label, key, unit] of rows) {
  console.log(
    `${label.padEnd(40)}${`${sqliteFigures[key]}${unit}`.padStart(12)}${`${etcdFigures[key]}${unit}`.padStart(12)}`,
  );
}
console.log(`${'ratio sqlite/etcd, writes/s 64 writers'.padEnd(40)}${`${ratio}x`.padStart(12)}`);
console.log(`${'reference: raw SQLite, 64 rows/commit'.padEnd(40)}${`${raw64}/s`.padStart(12)}`);
const pick = (f: Figures) => ({
  writesPerSec1: f.writesPerSec1,
  writesPerSec64: f.writesPerSec64,
  getP99Ms: f.getP99Ms,
  list10kP99Ms: f.list10kP99Ms,
  watchP99Ms: f.watchP99Ms,
});
console.log(
  JSON.stringify({ sqlite: pick(sqliteFigures), etcd: pick(etcdFigures), ratioSqliteToEtcd: ratio }),
);
