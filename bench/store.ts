// npm run bench:store — the Store backends measured in one run on this machine: the embedded
// SQLite store and a real etcd (started here, fsync on, default settings but for the request
// size). Values are 1 KiB; fsync is on for both. Prints a table, then as the last line one JSON object:
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
// Write rates are measured in rounds that alternate the backends (and the raw reference), so
// that load from elsewhere on a shared machine hits them alike; each figure is the median.
const ROUNDS = 3;
const WRITE_SECONDS_1 = 1.5;
const WRITE_SECONDS_64 = 2;
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

type ReadFigures = Omit<Figures, 'writesPerSec1' | 'writesPerSec64'>;

const median = (xs: number[]) => percentile(xs, 50);

async function measureReads(name: string, store: Store): Promise<ReadFigures> {
  const log = (s: string) => process.stderr.write(`[${name}] ${s}\n`);
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
class RawSqlite {
  readonly #db: DatabaseSync;
  readonly #insert;
  #rev = 0;

  constructor(file: string) {
    mkdirSync(join(file, '..'), { recursive: true });
    this.#db = new DatabaseSync(file);
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
    this.#db.exec(
      'CREATE TABLE log (rev INTEGER PRIMARY KEY, key TEXT NOT NULL, create_rev INTEGER NOT NULL, prev_rev INTEGER NOT NULL, deleted INTEGER NOT NULL, expires_at INTEGER, value BLOB)',
    );
    this.#db.exec('CREATE INDEX log_key_rev ON log (key, rev)');
    this.#insert = this.#db.prepare('INSERT INTO log VALUES (?, ?, ?, 0, 0, NULL, ?)');
  }

  insertsPerSecond(seconds: number): number {
    const first = this.#rev;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      this.#db.exec('BEGIN');
      for (let i = 0; i < 64; i++) {
        const rev = ++this.#rev;
        // The keys the store's 64 writers use: 64 interleaved sequences.
        this.#insert.run(rev, `/bench/raw/w${i}/${rev}`, rev, VALUE);
      }
      this.#db.exec('COMMIT');
    }
    return (this.#rev - first) / ((performance.now() - start) / 1000);
  }

  close(): void {
    this.#db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'kts-bench-store-'));
const etcd = await startEtcd({ dataDir: join(dir, 'etcd'), progressNotifyInterval: '10m' });
let sqliteFigures: Figures;
let etcdFigures: Figures;
let raw64 = 0;
try {
  const sqlite = await openSqliteStore({ file: join(dir, 'sqlite', 'state.db') });
  const etcdStore = await openEtcdStore({ endpoints: [etcd.endpoint] });
  const raw = new RawSqlite(join(dir, 'raw', 'raw.db'));
  try {
    const samples = {
      sqlite1: [] as number[],
      etcd1: [] as number[],
      sqlite64: [] as number[],
      etcd64: [] as number[],
    };
    const raws: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`[writes] round ${r + 1} of ${ROUNDS}\n`);
      samples.sqlite1.push(await writesPerSecond(sqlite, 1, WRITE_SECONDS_1, `one-${r}`));
      samples.etcd1.push(await writesPerSecond(etcdStore, 1, WRITE_SECONDS_1, `one-${r}`));
      samples.sqlite64.push(await writesPerSecond(sqlite, 64, WRITE_SECONDS_64, `many-${r}`));
      samples.etcd64.push(await writesPerSecond(etcdStore, 64, WRITE_SECONDS_64, `many-${r}`));
      raws.push(raw.insertsPerSecond(WRITE_SECONDS_64));
    }
    raw64 = round(median(raws), 0);
    sqliteFigures = {
      writesPerSec1: round(median(samples.sqlite1), 0),
      writesPerSec64: round(median(samples.sqlite64), 0),
      ...(await measureReads('sqlite', sqlite)),
    };
    etcdFigures = {
      writesPerSec1: round(median(samples.etcd1), 0),
      writesPerSec64: round(median(samples.etcd64), 0),
      ...(await measureReads('etcd', etcdStore)),
    };
  } finally {
    raw.close();
    await sqlite.close();
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
console.log(`(write rates: median of ${ROUNDS} alternating rounds; other figures measured after the writes)`);
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
