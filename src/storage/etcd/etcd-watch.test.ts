// What only the etcd backend has to prove: its shared watch stream survives etcd going away and
// coming back (each watch resumes after the last revision it delivered), and many watches on
// one stream each get every event.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type EtcdProcess, startEtcd } from '../../../test/support/etcd.ts';
import type { Store, WatchEvent } from '../store.ts';
import { openEtcdStore } from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

describe('etcd watches', { timeout: 5 * 60_000 }, () => {
  let etcd: EtcdProcess;
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'kts-etcd-watch-'));
  before(async () => {
    etcd = await startEtcd({ dataDir });
    store = await openEtcdStore({ endpoints: [etcd.endpoint], compaction: { enabled: false } });
  });
  after(async () => {
    await store?.close();
    await etcd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resume after etcd restarts, without gap or duplicate', async () => {
    const start = await store.currentRevision();
    const events: WatchEvent[] = [];
    let waiting: { count: number; resolve: () => void } | undefined;
    const watch = store.watch('/restart/', start, {
      onEvents(batch) {
        events.push(...batch);
        if (waiting && events.length >= waiting.count) waiting.resolve();
      },
      onError(error) {
        throw error;
      },
    });
    const seen = (count: number) =>
      new Promise<void>((resolve, reject) => {
        if (events.length >= count) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`only ${events.length} of ${count} events`)),
          120_000,
        );
        waiting = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    await store.create('/restart/a', enc('a'));
    await seen(1);

    // Same data dir and ports: the store's client and its watch stream reconnect by themselves.
    const clientPort = Number(new URL(etcd.endpoint).port);
    const peerPort = Number(new URL(etcd.peerUrl).port);
    process.kill(etcd.pid, 'SIGKILL');
    await etcd.stop();
    etcd = await startEtcd({ dataDir, name: etcd.name, clientPort, peerPort });

    let written = false;
    for (let attempt = 0; attempt < 100 && !written; attempt++) {
      try {
        await store.create('/restart/b', enc('b'));
        written = true;
      } catch {
        await new Promise((r) => setTimeout(r, 200)); // the client is reconnecting
      }
    }
    assert.ok(written);
    await seen(2);
    watch.stop();
    assert.deepEqual(
      events.map((e) => [e.type, e.key, dec(e.value)]),
      [
        ['ADDED', '/restart/a', 'a'],
        ['ADDED', '/restart/b', 'b'],
      ],
    );
  });

  it('a thousand watches on one stream each get every event', async () => {
    const start = await store.currentRevision();
    const counts = new Array<number>(1000).fill(0);
    let total = 0;
    let done: () => void = () => {};
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    const watches = counts.map((_, i) =>
      store.watch('/many/', start, {
        onEvents(batch) {
          counts[i]! += batch.length;
          total += batch.length;
          if (total === 1000 * 5) done();
        },
        onError(error) {
          throw error;
        },
      }),
    );
    for (let i = 0; i < 5; i++) await store.create(`/many/${i}`, enc(String(i)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      all,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${total} events`)), 120_000);
      }),
    ]);
    clearTimeout(timer);
    for (const w of watches) w.stop();
    assert.ok(counts.every((c) => c === 5));
  });
});
