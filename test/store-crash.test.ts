// Crash safety: a child process writes continuously and reports every acknowledged write; it is
// killed with SIGKILL at a random moment, several rounds on one database. After each round the
// store is reopened and checked: every acknowledged write is in the log at its revision, and the
// revisions are exactly 1..current with no gap (nothing is compacted here) and keep counting.
// For etcd the process killed is etcd itself, while the writer writes; then it is restarted.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../src/storage/open-store.ts';
import type { Store, WatchEvent } from '../src/storage/store.ts';
import { type EtcdProcess, startEtcd } from './support/etcd.ts';

const writerScript = resolve(import.meta.dirname, 'support/crash-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'kts-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

interface Ack {
  revision: number;
  op: string;
  key: string;
  value: string;
}

interface Writer {
  child: ChildProcess;
  acks: Ack[];
  exited: Promise<void>;
  /** Resolves once `count` writes were acknowledged. */
  acked(count: number): Promise<void>;
}

function startWriter(datastore: string, round: number): Writer {
  const child = spawn(process.execPath, [writerScript, datastore, String(round)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: Ack[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready' || line === '') continue;
      const [revision, op, key, value] = line.split(' ');
      acks.push({ revision: Number(revision), op: op!, key: key!, value: value! });
    }
    for (const w of waiters.filter((w) => acks.length >= w.count)) w.resolve();
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    acks,
    exited,
    acked: (count) =>
      new Promise((resolve, reject) => {
        if (acks.length >= count) return resolve();
        waiters.push({ count, resolve });
        void exited.then(() =>
          reject(new Error(`the writer exited after ${acks.length} writes:\n${stderr}`)),
        );
      }),
  };
}

/** Every acknowledged write is at its revision; the log is 1..current with no gap. */
async function verify(store: Store, acks: readonly Ack[]): Promise<void> {
  for (const ack of acks) {
    const kv = await store.get(ack.key, { revision: ack.revision });
    if (ack.op === 'D') assert.equal(kv, undefined, `${ack.key} deleted at ${ack.revision}`);
    else {
      assert.equal(dec(kv?.value), ack.value, `${ack.key} at ${ack.revision}`);
      assert.equal(kv!.modRevision, ack.revision);
    }
  }
  const current = await store.currentRevision();
  const revisions = await allRevisions(store, current);
  assert.equal(revisions.length, current, 'every revision from 1 to the current one is in the log');
  assert.deepEqual(
    revisions,
    Array.from({ length: current }, (_, i) => i + 1),
  );
}

function allRevisions(store: Store, until: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const revisions: number[] = [];
    if (until === 0) return resolve(revisions);
    const timer = setTimeout(() => reject(new Error('history replay did not finish')), 120_000);
    const watch = store.watch('', 0, {
      onEvents(events: WatchEvent[]) {
        for (const e of events) revisions.push(e.revision);
        if (revisions[revisions.length - 1]! >= until) {
          clearTimeout(timer);
          watch.stop();
          resolve(revisions);
        }
      },
      onError: reject,
    });
  });
}

const randomAcks = () => 50 + Math.floor(Math.random() * 1500);

describe('crash safety', { timeout: 10 * 60_000 }, () => {
  it('SQLite: every acknowledged write survives SIGKILL of the writer', async () => {
    const datastore = `sqlite://${join(dir, 'sqlite', 'state.db')}`;
    const all: Ack[] = [];
    for (let round = 1; round <= 4; round++) {
      const writer = startWriter(datastore, round);
      try {
        await writer.acked(randomAcks());
      } finally {
        writer.child.kill('SIGKILL');
        await writer.exited;
      }
      all.push(...writer.acks);
      const store = await openStore(datastore, { compaction: { enabled: false } });
      try {
        await verify(store, all);
        const current = await store.currentRevision();
        const next = await store.create(`/crash/after-round-${round}`, new TextEncoder().encode('after'));
        assert.equal(next.modRevision, current + 1);
        all.push({ revision: next.modRevision, op: 'C', key: next.key, value: 'after' });
      } finally {
        await store.close();
      }
    }
    assert.ok(all.length > 200);
  });

  it('etcd: every acknowledged write survives SIGKILL of etcd', async () => {
    const dataDir = join(dir, 'etcd');
    let etcd: EtcdProcess | undefined = await startEtcd({ dataDir });
    const peerPort = Number(new URL(etcd.peerUrl).port);
    const all: Ack[] = [];
    try {
      for (let round = 1; round <= 2; round++) {
        const datastore = `etcd://${new URL(etcd.endpoint).host}`;
        const writer = startWriter(datastore, round);
        try {
          await writer.acked(randomAcks());
          process.kill(etcd.pid, 'SIGKILL');
          await etcd.stop();
        } finally {
          writer.child.kill('SIGKILL');
          await writer.exited;
        }
        all.push(...writer.acks);
        etcd = await startEtcd({ dataDir, peerPort });
        const store = await openStore(`etcd://${new URL(etcd.endpoint).host}`, {
          compaction: { enabled: false },
        });
        try {
          // etcd's own revisions: every acknowledged write is at its revision; no gaps checked
          // (the store key for compaction and leases also take revisions).
          for (const ack of all) {
            const kv = await store.get(ack.key, { revision: ack.revision });
            if (ack.op === 'D') assert.equal(kv, undefined);
            else assert.equal(dec(kv?.value), ack.value, `${ack.key} at ${ack.revision}`);
          }
          assert.ok((await store.currentRevision()) >= Math.max(...all.map((a) => a.revision)));
        } finally {
          await store.close();
        }
      }
    } finally {
      await etcd?.stop();
    }
  });
});
