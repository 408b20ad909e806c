// resourceVersion semantics over HTTP, as client-go's reflectors and kubectl rely on them:
// get/list unset, "0", NotOlderThan and Exact; paging through one snapshot while writes go on;
// remainingItemCount; watches from a revision (no gaps, no duplicates), bookmarks,
// sendInitialEvents ending with the initial-events-end bookmark, selectors and timeouts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';

interface WatchEvent {
  type: string;
  object: any;
}

/** A watch over HTTP, read event by event. */
class WatchStream {
  private readonly abort = new AbortController();
  private readonly events: WatchEvent[] = [];
  private waiter: (() => void) | undefined;
  ended = false;
  status = 0;
  readonly ready: Promise<void>;

  constructor(url: string) {
    this.ready = this.run(url);
  }

  private async run(url: string): Promise<void> {
    const response = await fetch(url, { signal: this.abort.signal });
    this.status = response.status;
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffered += decoder.decode(value, { stream: true });
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            this.events.push(JSON.parse(buffered.slice(0, nl)));
            buffered = buffered.slice(nl + 1);
          }
          this.waiter?.();
        }
      } catch {
        // aborted
      }
      this.ended = true;
      this.waiter?.();
    })();
  }

  /** Waits until `count` events arrived (or the stream ended); a generous guard against hangs only. */
  async take(count: number, guardMs = 30_000): Promise<WatchEvent[]> {
    await this.ready;
    const deadline = Date.now() + guardMs;
    while (this.events.length < count && !this.ended) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.events.length} of ${count} events: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.events.splice(0, count);
  }

  /** Events received so far, without waiting. */
  pending(): WatchEvent[] {
    return [...this.events];
  }

  close(): void {
    this.abort.abort();
  }
}

const NS = '/api/v1/namespaces/rv/configmaps';
const summary = (e: WatchEvent) => `${e.type} ${e.object.metadata?.name} ${e.object.data?.v ?? ''}`.trim();

describe('resourceVersion semantics of get, list and watch', { timeout: 300_000 }, () => {
  let server: RunningServer;
  const watches: WatchStream[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const create = async (name: string, v: string, labels?: Record<string, string>) =>
    (await call('POST', NS, { metadata: { name, ...(labels ? { labels } : {}) }, data: { v } })).body;
  const update = async (name: string, v: string) =>
    (await call('PATCH', `${NS}/${name}`, { data: { v } })).body;
  const remove = async (name: string) => (await call('DELETE', `${NS}/${name}`)).body;
  const list = async (query = '') => (await call('GET', `${NS}${query}`)).body;
  const watch = (query: string) => {
    const w = new WatchStream(`${server.url}${NS}?watch=true&${query}`);
    watches.push(w);
    return w;
  };
  before(async () => {
    server = await startServer();
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'rv' } });
  });
  after(async () => {
    for (const w of watches) w.close();
    await server?.stop();
  });

  it('get: unset and "0" answer the latest object; a future resourceVersion waits, then 504', async () => {
    const created = await create('one', '1');
    const updated = await update('one', '2');
    assert.ok(Number(updated.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
    for (const query of ['', '?resourceVersion=0', `?resourceVersion=${created.metadata.resourceVersion}`]) {
      const got = (await call('GET', `${NS}/one${query}`)).body;
      assert.equal(got.data.v, '2', query);
      assert.equal(got.metadata.resourceVersion, updated.metadata.resourceVersion);
    }
    const future = Number(updated.metadata.resourceVersion) + 1000;
    // The server waits a few seconds for the revision, then gives up, for an object and a list.
    const [tooNewGet, tooNewList] = await Promise.all([
      call('GET', `${NS}/one?resourceVersion=${future}`),
      call('GET', `${NS}?resourceVersion=${future}`),
    ]);
    for (const tooNew of [tooNewGet, tooNewList]) {
      assert.equal(tooNew.status, 504);
      assert.equal(tooNew.body.reason, 'Timeout');
      assert.match(tooNew.body.message, new RegExp(`^Too large resource version: ${future}, current: \\d+$`));
      assert.deepEqual(tooNew.body.details, {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      });
    }
  });

  it('list: unset is consistent; NotOlderThan and "0" are at least as new; Exact is the state at that revision', async () => {
    const before = await list();
    const rv1 = before.metadata.resourceVersion;
    await create('two', 'a');
    const afterCreate = await list();
    assert.ok(Number(afterCreate.metadata.resourceVersion) > Number(rv1));
    assert.deepEqual(
      afterCreate.items.map((i: any) => i.metadata.name),
      ['one', 'two'],
    );
    const notOlder = await list(`?resourceVersion=${rv1}&resourceVersionMatch=NotOlderThan`);
    assert.ok(Number(notOlder.metadata.resourceVersion) >= Number(afterCreate.metadata.resourceVersion));
    assert.equal(notOlder.items.length, 2);
    const zero = await list('?resourceVersion=0');
    assert.equal(zero.items.length, 2);
    await update('two', 'b');
    const exact = await list(
      `?resourceVersion=${afterCreate.metadata.resourceVersion}&resourceVersionMatch=Exact`,
    );
    assert.equal(exact.metadata.resourceVersion, afterCreate.metadata.resourceVersion);
    assert.deepEqual(
      exact.items.map((i: any) => `${i.metadata.name}=${i.data.v}`),
      ['one=2', 'two=a'],
    );
    const older = await list(`?resourceVersion=${rv1}&resourceVersionMatch=Exact`);
    assert.deepEqual(
      older.items.map((i: any) => i.metadata.name),
      ['one'],
    );
    assert.deepEqual(
      (await list()).items.map((i: any) => `${i.metadata.name}=${i.data.v}`),
      ['one=2', 'two=b'],
    );
  });

  it('paging: every page is the first page snapshot, whatever is written meanwhile; remainingItemCount', async () => {
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await create(n, 'x', { paged: 'yes' });
    const first = await list('?limit=3');
    const snapshot = first.metadata.resourceVersion;
    assert.deepEqual(
      first.items.map((i: any) => i.metadata.name),
      ['one', 'p1', 'p2'],
    );
    assert.equal(first.metadata.remainingItemCount, 4);
    // Writes between pages: a new object, a deleted one, a changed one.
    await create('p0', 'new');
    await remove('p4');
    await update('p3', 'changed');
    const second = await list(`?limit=3&continue=${first.metadata.continue}`);
    assert.equal(second.metadata.resourceVersion, snapshot);
    assert.deepEqual(
      second.items.map((i: any) => `${i.metadata.name}=${i.data.v}`),
      ['p3=x', 'p4=x', 'p5=x'],
    );
    assert.equal(second.metadata.remainingItemCount, 1);
    const third = await list(`?limit=3&continue=${second.metadata.continue}`);
    assert.deepEqual(
      third.items.map((i: any) => i.metadata.name),
      ['two'],
    );
    assert.equal(third.metadata.continue, undefined);
    assert.equal(third.metadata.remainingItemCount, undefined);
    // With a selector the server cannot count what is left.
    const selected = await list('?limit=2&labelSelector=paged%3Dyes');
    assert.equal(selected.items.length, 2);
    assert.ok(selected.metadata.continue);
    assert.equal(selected.metadata.remainingItemCount, undefined);
    // limit larger than what there is: no continue.
    const all = await list('?limit=100');
    assert.equal(all.metadata.continue, undefined);
    assert.deepEqual(
      all.items.map((i: any) => i.metadata.name),
      ['one', 'p0', 'p1', 'p2', 'p3', 'p5', 'two'],
    );
  });

  it('watch from a resourceVersion replays every later change once, in order, then follows', async () => {
    const from = (await list()).metadata.resourceVersion;
    await create('w', '1');
    await update('w', '2');
    await remove('w');
    await create('w', '3');
    const w = watch(`resourceVersion=${from}`);
    const replayed = await w.take(4);
    assert.deepEqual(replayed.map(summary), ['ADDED w 1', 'MODIFIED w 2', 'DELETED w 2', 'ADDED w 3']);
    const rvs = replayed.map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual(
      rvs,
      [...rvs].sort((a, b) => a - b),
    );
    assert.equal(new Set(rvs).size, 4);
    // Writes racing with the watch: each arrives exactly once.
    await Promise.all([update('w', '4'), create('x', '1'), update('one', '3')]);
    const live = await w.take(3);
    assert.deepEqual(live.map(summary).sort(), ['ADDED x 1', 'MODIFIED one 3', 'MODIFIED w 4']);
    const liveRvs = live.map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual(
      liveRvs,
      [...liveRvs].sort((a, b) => a - b),
    );
    assert.ok(liveRvs[0]! > rvs[3]!);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(w.pending(), []);
    w.close();
  });

  it('watch with resourceVersion unset or "0" starts with synthetic ADDED events of the current state', async () => {
    const current = (await list()).items.map((i: any) => i.metadata.name);
    for (const query of ['', 'resourceVersion=0']) {
      const w = watch(query);
      const initial = await w.take(current.length);
      assert.deepEqual(
        initial.map((e) => `${e.type} ${e.object.metadata.name}`),
        current.map((n: string) => `ADDED ${n}`),
      );
      w.close();
    }
  });

  it('sendInitialEvents: the current state, the initial-events-end bookmark, then changes', async () => {
    const current = (await list()).items.map((i: any) => i.metadata.name);
    const w = watch(
      'sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=',
    );
    const initial = await w.take(current.length + 1);
    assert.deepEqual(
      initial.slice(0, -1).map((e) => `${e.type} ${e.object.metadata.name}`),
      current.map((n: string) => `ADDED ${n}`),
    );
    const end = initial.at(-1)!;
    assert.equal(end.type, 'BOOKMARK');
    assert.deepEqual(end.object.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
    assert.equal(end.object.kind, 'ConfigMap');
    assert.equal(end.object.apiVersion, 'v1');
    const rv = Number(end.object.metadata.resourceVersion);
    assert.ok(rv >= Math.max(...initial.slice(0, -1).map((e) => Number(e.object.metadata.resourceVersion))));
    await create('after-initial', '1');
    const [next] = await w.take(1);
    assert.equal(summary(next!), 'ADDED after-initial 1');
    assert.ok(Number(next!.object.metadata.resourceVersion) > rv);
    w.close();
    // Without allowWatchBookmarks the same watch has no bookmark to end the initial events with.
    const quiet = watch('sendInitialEvents=true&resourceVersionMatch=NotOlderThan');
    const states = await quiet.take(current.length + 1);
    assert.deepEqual(
      states.map((e) => e.type),
      [...current, 'after-initial'].map(() => 'ADDED'),
    );
    await create('after-quiet', '1');
    assert.equal(summary((await quiet.take(1))[0]!), 'ADDED after-quiet 1');
    quiet.close();
  });

  it('allowWatchBookmarks: a BOOKMARK carries the current revision while nothing changes', async () => {
    const rv = (await list()).metadata.resourceVersion;
    const w = watch(`resourceVersion=${rv}&allowWatchBookmarks=true`);
    // Bookmarks come every few seconds; wait for one (guard 30 s).
    const [bookmark] = await w.take(1);
    assert.equal(bookmark!.type, 'BOOKMARK');
    assert.deepEqual(Object.keys(bookmark!.object).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.deepEqual(Object.keys(bookmark!.object.metadata), ['resourceVersion']);
    assert.ok(Number(bookmark!.object.metadata.resourceVersion) >= Number(rv));
    w.close();
  });

  it('watches with metadata.name field selectors (kubectl wait) and label selectors', async () => {
    const rv = (await list()).metadata.resourceVersion;
    const byName = watch(`fieldSelector=metadata.name%3Dtarget&resourceVersion=${rv}`);
    const byLabel = watch(`labelSelector=tier%3Dweb&resourceVersion=${rv}`);
    await create('other', '1');
    await create('target', '1', { tier: 'web' });
    await update('target', '2');
    // Relabelled out of the label selector: that watcher sees it deleted.
    await call('PATCH', `${NS}/target`, { metadata: { labels: { tier: 'db' } } });
    await remove('target');
    assert.deepEqual((await byName.take(4)).map(summary), [
      'ADDED target 1',
      'MODIFIED target 2',
      'MODIFIED target 2',
      'DELETED target 2',
    ]);
    assert.deepEqual((await byLabel.take(3)).map(summary), [
      'ADDED target 1',
      'MODIFIED target 2',
      'DELETED target 2',
    ]);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(byName.pending(), []);
    assert.deepEqual(byLabel.pending(), []);
    // kubectl get NAME -w: a name-selected watch at resourceVersion 0 starts with the object.
    const single = watch('fieldSelector=metadata.name%3Done&resourceVersion=0');
    assert.deepEqual(
      (await single.take(1)).map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED one'],
    );
    single.close();
    byName.close();
    byLabel.close();
  });

  it('timeoutSeconds ends the watch cleanly', async () => {
    const w = watch('timeoutSeconds=1&resourceVersion=0&fieldSelector=metadata.name%3Dnone');
    await w.ready;
    assert.equal(w.status, 200);
    const events = await w.take(1, 30_000);
    assert.deepEqual(events, []);
    assert.equal(w.ended, true);
  });
});
