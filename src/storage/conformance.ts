// The Store conformance suite: one set of tests that every backend runs (sqlite/*.test.ts,
// etcd/*.test.ts). A backend passes a harness that opens its store; the tests give each case its
// own key prefix, so a harness may hand every case the same store (tests run one at a time).
// Nothing here waits on a clock to decide a result: waits are generous bounds against hangs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type Acked,
  asMap,
  assertOrdered,
  collectUntil,
  dec,
  enc,
  stateAt,
  WAIT_MS,
  watchError,
} from './conformance-helpers.ts';
import { compareKeys } from './keys.ts';
import {
  ConflictError,
  ExpiredError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  type KeyValue,
  MAX_VALUE_BYTES,
  type Store,
  ValueTooLargeError,
  type WatchEvent,
} from './store.ts';

export interface ConformanceHarness {
  /** Opens the store under test (automatic compaction off; explicit compact() must work). */
  open(): Promise<Store>;
  /** Opens a new store restored from a file written by `store.snapshot()`. */
  openRestored(snapshotFile: string): Promise<Store>;
  /** Stops whatever the harness started. */
  close(): Promise<void>;
}

export function storeConformance(backend: string, makeHarness: () => Promise<ConformanceHarness>): void {
  describe(`Store conformance: ${backend}`, { timeout: 10 * 60_000 }, () => {
    let harness: ConformanceHarness;
    let store: Store;
    let dir: string;
    let caseNumber = 0;
    const prefixFor = (name: string) => `/conformance/${++caseNumber}-${name}/`;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'kts-conformance-'));
      harness = await makeHarness();
      store = await harness.open();
    });
    after(async () => {
      await store?.close();
      await harness?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('creates, reads and refuses to create twice', async () => {
      const p = prefixFor('create');
      const before = await store.currentRevision();
      const kv = await store.create(`${p}a`, enc('one'));
      assert.ok(kv.modRevision > before);
      assert.equal(kv.createRevision, kv.modRevision);
      assert.equal(await store.currentRevision(), kv.modRevision);
      const got = await store.get(`${p}a`);
      assert.deepEqual({ ...got!, value: dec(got!.value) }, { ...kv, value: 'one' });
      await assert.rejects(store.create(`${p}a`, enc('two')), KeyExistsError);
      assert.equal(await store.get(`${p}missing`), undefined);
      assert.equal(dec((await store.get(`${p}a`))!.value), 'one');
    });

    it('compare-and-swap: stale revisions conflict, missing keys are not found', async () => {
      const p = prefixFor('cas');
      const v1 = await store.create(`${p}k`, enc('v1'));
      const v2 = await store.update(`${p}k`, enc('v2'), v1.modRevision);
      assert.ok(v2.modRevision > v1.modRevision);
      assert.equal(v2.createRevision, v1.createRevision);
      const conflict = await store.update(`${p}k`, enc('v3'), v1.modRevision).catch((e: unknown) => e);
      assert.ok(conflict instanceof ConflictError, String(conflict));
      assert.equal(conflict.current.modRevision, v2.modRevision);
      assert.equal(dec(conflict.current.value), 'v2');
      await assert.rejects(store.update(`${p}nope`, enc('x'), 1), KeyNotFoundError);
      await assert.rejects(store.delete(`${p}k`, v1.modRevision), ConflictError);
      await assert.rejects(store.delete(`${p}nope`), KeyNotFoundError);
      assert.equal(dec((await store.get(`${p}k`))!.value), 'v2');
    });

    it('N concurrent updaters of one key: exactly the acknowledged updates, in order', async () => {
      const p = prefixFor('counter');
      const key = `${p}counter`;
      const created = await store.create(key, enc('0'));
      const acked: { revision: number; value: number }[] = [];
      const updater = async (rounds: number) => {
        for (let done = 0; done < rounds; ) {
          const current = (await store.get(key))!;
          const next = Number(dec(current.value)) + 1;
          try {
            const kv = await store.update(key, enc(String(next)), current.modRevision);
            acked.push({ revision: kv.modRevision, value: next });
            done++;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
          }
        }
      };
      const writers = 12;
      const rounds = 8;
      await Promise.all(Array.from({ length: writers }, () => updater(rounds)));
      acked.sort((a, b) => a.revision - b.revision);
      assert.equal(acked.length, writers * rounds);
      assert.deepEqual(
        acked.map((a) => a.value),
        Array.from({ length: writers * rounds }, (_, i) => i + 1),
      );
      assert.equal(dec((await store.get(key))!.value), String(writers * rounds));
      const events = await collectUntil(store, p, created.modRevision, acked[acked.length - 1]!.revision);
      assert.deepEqual(
        events.map((e) => [e.type, e.revision, dec(e.value), dec(e.prevValue)]),
        acked.map((a) => ['MODIFIED', a.revision, String(a.value), String(a.value - 1)]),
      );
    });

    it('watch delivers every event in revision order with previous values', async () => {
      const p = prefixFor('watch');
      const start = await store.currentRevision();
      const acked: Acked[] = [];
      const keys = Array.from({ length: 8 }, (_, i) => `${p}k${i}`);
      await Promise.all(
        keys.map(async (key, i) => {
          let kv = await store.create(key, enc(`${key}=0`));
          acked.push({ revision: kv.modRevision, key, value: `${key}=0` });
          for (let round = 1; round <= 3; round++) {
            kv = await store.update(key, enc(`${key}=${round}`), kv.modRevision);
            acked.push({ revision: kv.modRevision, key, value: `${key}=${round}` });
          }
          if (i % 2 === 0) {
            const gone = await store.delete(key);
            assert.equal(dec(gone.value), `${key}=3`);
            acked.push({ revision: gone.modRevision, key, value: null });
          }
        }),
      );
      await store.create(`/conformance-outside/${caseNumber}`, enc('not watched'));
      acked.sort((a, b) => a.revision - b.revision);
      const last = acked[acked.length - 1]!.revision;
      const events = await collectUntil(store, p, start, last);
      assertOrdered(events);
      assert.deepEqual(
        events.map((e) => e.revision),
        acked.map((a) => a.revision),
      );
      const lastValue = new Map<string, string>();
      for (const e of events) {
        const a = acked.find((w) => w.revision === e.revision)!;
        assert.equal(e.key, a.key);
        if (a.value === null) {
          assert.equal(e.type, 'DELETED');
          assert.equal(dec(e.value), lastValue.get(e.key));
          assert.equal(dec(e.prevValue), lastValue.get(e.key));
        } else if (!lastValue.has(e.key)) {
          assert.equal(e.type, 'ADDED');
          assert.equal(e.prevValue, undefined);
          assert.equal(e.createRevision, e.revision);
        } else {
          assert.equal(e.type, 'MODIFIED');
          assert.equal(dec(e.prevValue), lastValue.get(e.key));
        }
        if (a.value !== null) {
          assert.equal(dec(e.value), a.value);
          lastValue.set(e.key, a.value);
        } else lastValue.delete(e.key);
      }
    });

    it('a watch resumes from any revision with no gap and no duplicate', async () => {
      const p = prefixFor('resume');
      const start = await store.currentRevision();
      let kv = await store.create(`${p}x`, enc('0'));
      for (let i = 1; i <= 12; i++) {
        kv = await store.update(`${p}x`, enc(String(i)), kv.modRevision);
        if (i % 4 === 0) await store.create(`${p}y${i}`, enc('y'));
      }
      const last = await store.currentRevision();
      const all = await collectUntil(store, p, start, last);
      for (const from of [
        start,
        all[0]!.revision,
        all[3]!.revision,
        all[7]!.revision,
        all[all.length - 2]!.revision,
      ]) {
        const resumed = await collectUntil(store, p, from, last);
        assert.deepEqual(
          resumed.map((e) => [e.revision, e.type, dec(e.value)]),
          all.filter((e) => e.revision > from).map((e) => [e.revision, e.type, dec(e.value)]),
          `resumed after ${from}`,
        );
      }
      // A watch at the current revision sees only what comes next.
      const next = collectUntil(store, p, last, last + 1);
      const written = await store.update(`${p}x`, enc('live'), kv.modRevision);
      const live = await next;
      assert.deepEqual(
        live.map((e) => [e.revision, dec(e.value)]),
        [[written.modRevision, 'live']],
      );
    });

    it('reads at a past revision and counts', async () => {
      const p = prefixFor('past');
      const acked: Acked[] = [];
      const put = async (key: string, value: string) => {
        const current = await store.get(key);
        const kv = current
          ? await store.update(key, enc(value), current.modRevision)
          : await store.create(key, enc(value));
        acked.push({ revision: kv.modRevision, key, value });
      };
      for (let i = 0; i < 6; i++) await put(`${p}k${i}`, `a${i}`);
      await put(`${p}k1`, 'b1');
      const gone = await store.delete(`${p}k2`);
      acked.push({ revision: gone.modRevision, key: `${p}k2`, value: null });
      await put(`${p}k2`, 'again');
      await put(`${p}k6`, 'a6');
      assert.equal(await store.count(p), 7);
      const future = (await store.currentRevision()) + 1000;
      await assert.rejects(store.get(`${p}k1`, { revision: future }), FutureRevisionError);
      await assert.rejects(store.list(p, { revision: future }), FutureRevisionError);
      for (const w of acked) {
        const expected = stateAt(acked, w.revision);
        const listed = await store.list(p, { revision: w.revision });
        assert.equal(listed.revision, w.revision);
        assert.deepEqual(asMap(listed.items), expected, `list at ${w.revision}`);
        assert.deepEqual(
          listed.items.map((kv) => kv.key),
          [...expected.keys()].sort(compareKeys),
        );
        const got = await store.get(w.key, { revision: w.revision });
        assert.equal(dec(got?.value), w.value ?? undefined, `get ${w.key} at ${w.revision}`);
        const before = await store.get(w.key, { revision: w.revision - 1 });
        assert.equal(dec(before?.value), stateAt(acked, w.revision - 1).get(w.key), `get ${w.key} before`);
      }
    });

    it('paging returns one snapshot while writes go on', async () => {
      const p = prefixFor('paging');
      for (let i = 0; i < 40; i++) await store.create(`${p}${String(i).padStart(3, '0')}`, enc(`v${i}`));
      const whole = await store.list(p);
      assert.equal(whole.items.length, 40);
      assert.equal(whole.continue, undefined);
      const pages: KeyValue[][] = [];
      let page = await store.list(p, { limit: 7 });
      const revision = page.revision;
      assert.equal(revision, whole.revision);
      let writes = 0;
      for (;;) {
        pages.push(page.items);
        assert.equal(page.revision, revision);
        if (page.remaining !== undefined) {
          const seen = pages.reduce((n, items) => n + items.length, 0);
          assert.equal(page.remaining, 40 - seen);
        }
        if (!page.continue) break;
        // Writes between pages: they must not show in later pages.
        const n = writes++;
        await store.create(`${p}${String(n).padStart(3, '0')}-new`, enc('new'));
        const victim = (await store.get(`${p}${String(39 - n).padStart(3, '0')}`))!;
        await store.update(victim.key, enc('changed'), victim.modRevision);
        await store.delete(`${p}${String(20 + n).padStart(3, '0')}`);
        page = await store.list(p, { limit: 7, continue: page.continue });
      }
      assert.ok(writes >= 5);
      assert.deepEqual(
        pages.flat().map((kv) => [kv.key, dec(kv.value), kv.modRevision]),
        whole.items.map((kv) => [kv.key, dec(kv.value), kv.modRevision]),
      );
    });

    it('lists from a start key at a past revision', async () => {
      const p = prefixFor('startkey');
      for (let i = 0; i < 10; i++) await store.create(`${p}${i}`, enc(`v${i}`));
      const at = await store.currentRevision();
      await store.create(`${p}5x`, enc('later'));
      await store.delete(`${p}7`);
      const page = await store.list(p, { revision: at, startKey: `${p}5`, limit: 3 });
      assert.equal(page.revision, at);
      assert.deepEqual(
        page.items.map((kv) => kv.key),
        [`${p}5`, `${p}6`, `${p}7`],
      );
      assert.ok(page.continue);
      const rest = await store.list(p, { revision: at, startKey: `${p}7\u0000` });
      assert.deepEqual(
        rest.items.map((kv) => kv.key),
        [`${p}8`, `${p}9`],
      );
      // A start key before the prefix lists from the prefix itself.
      assert.equal((await store.list(p, { startKey: '/' })).items.length, 10);
    });

    it('deletes return and publish the previous value', async () => {
      const p = prefixFor('delete');
      const start = await store.currentRevision();
      const created = await store.create(`${p}k`, enc('first'));
      const updated = await store.update(`${p}k`, enc('last'), created.modRevision);
      const deleted = await store.delete(`${p}k`, updated.modRevision);
      assert.equal(dec(deleted.value), 'last');
      assert.equal(deleted.createRevision, created.createRevision);
      assert.ok(deleted.modRevision > updated.modRevision);
      assert.equal(await store.currentRevision(), deleted.modRevision);
      assert.equal(await store.get(`${p}k`), undefined);
      const events = await collectUntil(store, p, start, deleted.modRevision);
      const del = events[events.length - 1]!;
      assert.equal(del.type, 'DELETED');
      assert.equal(del.revision, deleted.modRevision);
      assert.equal(dec(del.value), 'last');
      assert.equal(dec(del.prevValue), 'last');
      // The key can be created again, as a new object.
      const again = await store.create(`${p}k`, enc('reborn'));
      assert.equal(again.createRevision, again.modRevision);
    });

    it('keys with a TTL expire with a DELETED event', async () => {
      const p = prefixFor('ttl');
      const start = await store.currentRevision();
      const doomed = await store.create(`${p}event`, enc('expires'), { ttlSeconds: 1 });
      const kept = await store.create(`${p}kept`, enc('expires too'), { ttlSeconds: 1 });
      // Written again without a TTL: the key no longer expires (etcd: the put detaches the lease).
      await store.update(`${p}kept`, enc('no ttl now'), kept.modRevision);
      const events = await new Promise<WatchEvent[]>((resolve, reject) => {
        const seen: WatchEvent[] = [];
        const timer = setTimeout(() => reject(new Error('the TTL key was never deleted')), WAIT_MS);
        const watch = store.watch(p, start, {
          onEvents(batch) {
            seen.push(...batch);
            if (batch.some((e) => e.type === 'DELETED')) {
              clearTimeout(timer);
              watch.stop();
              resolve(seen);
            }
          },
          onError: reject,
        });
      });
      const deleted = events.find((e) => e.type === 'DELETED')!;
      assert.equal(deleted.key, doomed.key);
      assert.equal(dec(deleted.value), 'expires');
      assert.equal(await store.get(doomed.key), undefined);
      assert.equal(dec((await store.get(`${p}kept`))?.value), 'no ttl now');
    });

    it('values up to 1.5 MiB are stored; larger ones fail clearly', async () => {
      const p = prefixFor('large');
      const big = new Uint8Array(MAX_VALUE_BYTES);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
      const kv = await store.create(`${p}big`, big);
      const got = await store.get(`${p}big`);
      assert.ok(got && Buffer.from(got.value).equals(Buffer.from(big)));
      const listed = await store.list(p);
      assert.equal(listed.items[0]!.value.byteLength, MAX_VALUE_BYTES);
      const tooBig = new Uint8Array(MAX_VALUE_BYTES + 1);
      const error = await store.create(`${p}huge`, tooBig).catch((e: unknown) => e);
      assert.ok(error instanceof ValueTooLargeError, String(error));
      assert.match(error.message, /over the limit/);
      await assert.rejects(store.update(`${p}big`, tooBig, kv.modRevision), ValueTooLargeError);
      assert.equal(await store.get(`${p}huge`), undefined);
    });

    it('keys with unusual characters keep their identity and byte order', async () => {
      const p = prefixFor('unusual');
      const names = [
        'space name',
        'tab\tand\nnewline',
        'quote"\'`',
        'percent%2Fslash/inside',
        'é-accent',
        '日本語',
        'emoji-😀',
        'private-\u{E000}',
        'replacement-\uFFFD',
        'astral-\u{10FFFF}',
        'zero\u0000byte',
        'x'.repeat(800),
        '..',
        '-',
      ];
      const keys = names.map((n) => p + n);
      for (const key of keys) await store.create(key, enc(key));
      for (const key of keys) assert.equal(dec((await store.get(key))?.value), key);
      const expected = [...keys].sort(compareKeys);
      assert.deepEqual(
        (await store.list(p)).items.map((kv) => kv.key),
        expected,
      );
      const paged: string[] = [];
      let token: string | undefined;
      do {
        const page = await store.list(p, { limit: 2, continue: token });
        paged.push(...page.items.map((kv) => kv.key));
        token = page.continue;
      } while (token);
      assert.deepEqual(paged, expected);
      assert.equal(await store.count(p), keys.length);
      // A prefix is matched on whole characters: 'é-' does not match the prefix 'e-'.
      assert.equal(await store.count(`${p}e-`), 0);
      assert.equal(await store.count(`${p}é-`), 1);
    });

    it('compaction: reads and watches below the window fail with Expired', async () => {
      const p = prefixFor('compaction');
      let kv = await store.create(`${p}k`, enc('0'));
      const revisions = [kv.modRevision];
      for (let i = 1; i <= 10; i++) {
        kv = await store.update(`${p}k`, enc(String(i)), kv.modRevision);
        revisions.push(kv.modRevision);
      }
      const firstPage = await store.list(p, { limit: 1, revision: revisions[2] });
      const target = revisions[5]!;
      await store.compact(target);
      assert.ok((await store.compactedRevision()) >= target);
      assert.equal(dec((await store.get(`${p}k`, { revision: target }))?.value), '5');
      await assert.rejects(store.get(`${p}k`, { revision: revisions[2] }), ExpiredError);
      await assert.rejects(store.list(p, { revision: revisions[2] }), ExpiredError);
      // A continue token of a list older than the window is expired too.
      if (firstPage.continue)
        await assert.rejects(store.list(p, { continue: firstPage.continue }), ExpiredError);
      const expired = await watchError(store, p, revisions[1]!);
      assert.ok(expired instanceof ExpiredError, String(expired));
      // From the compacted revision on (start revision = afterRevision + 1), everything is there.
      const events = await collectUntil(store, p, target - 1, revisions[10]!);
      assert.deepEqual(
        events.map((e) => [e.revision, dec(e.value), dec(e.prevValue)]),
        revisions.slice(5).map((r, i) => [r, String(i + 5), String(i + 4)]),
      );
      // Compacting to an older revision is a no-op; the store keeps working.
      await store.compact(revisions[1]!);
      kv = await store.update(`${p}k`, enc('after'), kv.modRevision);
      assert.equal(dec((await store.get(`${p}k`))?.value), 'after');
    });

    it('progress notifications tell a watcher how far it is', async () => {
      const p = prefixFor('progress');
      await store.create(`/conformance-elsewhere/${caseNumber}`, enc('x'));
      const revision = await store.currentRevision();
      const progressed = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no progress notification')), WAIT_MS);
        const watch = store.watch(p, revision, {
          onEvents() {},
          onProgress(at) {
            if (at >= revision) {
              clearTimeout(timer);
              clearInterval(asking);
              watch.stop();
              resolve(at);
            }
          },
          onError: reject,
        });
        // Ask repeatedly: a backend may only answer once the watch is established.
        const asking = setInterval(() => watch.requestProgress?.(), 200);
      });
      assert.ok(progressed >= revision);
    });

    it('snapshot and restore round trip, taken while writes go on', async () => {
      const p = prefixFor('snapshot');
      const acked: Acked[] = [];
      for (let i = 0; i < 30; i++) {
        const kv = await store.create(`${p}k${i}`, enc(`v${i}`));
        acked.push({ revision: kv.modRevision, key: kv.key, value: `v${i}` });
      }
      const gone = await store.delete(`${p}k3`);
      acked.push({ revision: gone.modRevision, key: gone.key, value: null });
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const kv = await store.create(`${p}during${i}`, enc(`d${i}`));
          acked.push({ revision: kv.modRevision, key: kv.key, value: `d${i}` });
        }
      })();
      const file = join(dir, `${backend}-snapshot.db`);
      const settled = acked[acked.length - 1]!.revision;
      await store.snapshot(file);
      writing = false;
      await writer;
      const restored = await harness.openRestored(file);
      try {
        const revision = await restored.currentRevision();
        assert.ok(revision >= settled, `the snapshot (at ${revision}) misses acknowledged writes`);
        const listed = await restored.list(p);
        assert.deepEqual(asMap(listed.items), stateAt(acked, revision));
        const original = await store.list(p, { revision });
        assert.deepEqual(
          listed.items.map((kv) => [kv.key, kv.createRevision, kv.modRevision]),
          original.items.map((kv) => [kv.key, kv.createRevision, kv.modRevision]),
        );
        const kv = await restored.create(`${p}after-restore`, enc('new'));
        assert.ok(kv.modRevision > revision);
      } finally {
        await restored.close();
      }
    });
  });
}
