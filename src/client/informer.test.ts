import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from './client.ts';
import { indexByNodeName, NODE_NAME_INDEX } from './indexer.ts';
import { type EventHandler, type InformerOptions, SharedInformer, stripManagedFields } from './informer.ts';
import { InformerFactory } from './informer-factory.ts';
import type { ObjectLike } from './object.ts';
import { PODS } from './resource.ts';
import { eventually } from './testing/eventually.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';

type Pod = ObjectLike & { spec?: { nodeName?: string } };

const fast = { backoffInitialMs: 5, backoffMaxMs: 20 };

function setup(o: InformerOptions<Pod> = {}) {
  const api = new FakeApiServer();
  const client = new Client({ fetch: api.fetch, server: 'http://api.test' });
  const pods = client.resource<Pod>(PODS);
  const errors: unknown[] = [];
  const informer = new SharedInformer<Pod>(client, PODS, {
    reflector: fast,
    onError: (e) => errors.push(e),
    ...o,
  });
  const log: string[] = [];
  const handler: EventHandler<Pod> = {
    onAdd: (p, initial) => log.push(`add ${p.metadata?.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (a, b) =>
      log.push(`update ${b.metadata?.name} ${a.metadata?.resourceVersion}->${b.metadata?.resourceVersion}`),
    onDelete: (p, unknown) =>
      log.push(`delete ${p.metadata?.name}${unknown ? ' (final state unknown)' : ''}`),
  };
  return { api, client, pods, informer, log, handler, errors };
}

const listRequests = (api: FakeApiServer) =>
  api.requests.filter((r) => r.method === 'GET' && !r.query.get('watch'));
const watchRequests = (api: FakeApiServer) => api.requests.filter((r) => r.query.get('watch'));

test('lists, syncs, then follows watch events in order; listers read the cache', async (t) => {
  const { api, pods, informer, log, handler } = setup({ indexers: { [NODE_NAME_INDEX]: indexByNodeName } });
  t.after(() => informer.stop());
  await pods.create({
    metadata: { name: 'a', namespace: 'ns', labels: { app: 'web' } },
    spec: { nodeName: 'n1' },
  });
  await pods.create({ metadata: { name: 'b', namespace: 'other' } });
  informer.addEventHandler(handler);
  assert.equal(informer.hasSynced(), false);
  informer.start();
  assert.equal(await informer.waitForSync(), true);
  assert.deepEqual(log, ['add a (initial)', 'add b (initial)']);
  // List items arrive without apiVersion/kind; the cache has them filled in.
  assert.equal(informer.lister.get('ns', 'a')?.kind, 'Pod');
  assert.equal(informer.lister.get('ns', 'a')?.apiVersion, 'v1');

  await pods.create({ metadata: { name: 'c', namespace: 'ns', labels: { app: 'web' } } });
  await pods.namespace('ns').patch('a', 'merge', { spec: { nodeName: 'n2' } });
  await pods.namespace('other').delete('b');
  await eventually(() => log.length === 5, 'three watch events');
  assert.match(log[2]!, /^add c$/);
  assert.match(log[3]!, /^update a \d+->\d+$/);
  assert.equal(log[4], 'delete b');

  assert.deepEqual(
    informer.lister
      .namespace('ns')
      .list({ app: 'web' })
      .map((p) => p.metadata?.name)
      .sort(),
    ['a', 'c'],
  );
  assert.deepEqual(informer.lister.list('app=web').length, 2);
  assert.equal(informer.lister.get('other', 'b'), undefined);
  assert.deepEqual(
    informer.lister.byIndex(NODE_NAME_INDEX, 'n2').map((p) => p.metadata?.name),
    ['a'],
  );
  assert.deepEqual(informer.lister.byIndex(NODE_NAME_INDEX, 'n1'), []);
  assert.equal(informer.lastSyncResourceVersion, api.resourceVersion);
  const w = watchRequests(api)[0]!;
  assert.equal(w.query.get('allowWatchBookmarks'), 'true');
  assert.ok(Number(w.query.get('timeoutSeconds')) >= 300 && Number(w.query.get('timeoutSeconds')) <= 600);
});

test('lists in pages; an expired continue token falls back to one full list', async (t) => {
  const { api, pods, informer } = setup({ reflector: { ...fast, pageSize: 2 } });
  t.after(() => informer.stop());
  for (let i = 0; i < 5; i++) await pods.create({ metadata: { name: `p${i}`, namespace: 'ns' } });
  informer.start();
  await informer.waitForSync();
  assert.equal(informer.indexer.size, 5);
  const lists = listRequests(api);
  assert.equal(lists.length, 3);
  assert.equal(lists[0]!.query.get('limit'), '2');
  assert.equal(lists[0]!.query.get('resourceVersion'), '0');
  assert.ok(lists[1]!.query.get('continue'));
  await informer.stop();

  // A second informer whose second page expires.
  const again = setup({ reflector: { ...fast, pageSize: 2 } });
  t.after(() => again.informer.stop());
  for (let i = 0; i < 5; i++) await again.pods.create({ metadata: { name: `p${i}`, namespace: 'ns' } });
  again.api.failNext((r) => !!r.query.get('continue'), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 410,
    reason: 'Expired',
    message: 'continue token expired',
  });
  again.informer.start();
  await again.informer.waitForSync();
  assert.equal(again.informer.indexer.size, 5);
  const full = listRequests(again.api).at(-1)!;
  assert.equal(full.query.get('limit'), null);
  assert.equal(full.query.get('continue'), null);
});

test('a watch that ends is resumed from the last resourceVersion, without a relist', async (t) => {
  const { api, pods, informer, log, handler } = setup();
  t.after(() => informer.stop());
  informer.addEventHandler(handler);
  informer.start();
  await informer.waitForSync();
  await pods.create({ metadata: { name: 'x', namespace: 'ns' } });
  await eventually(() => log.length === 1, 'add x');
  const rv = api.resourceVersion;
  api.closeWatches();
  await eventually(() => watchRequests(api).length === 2, 'second watch');
  assert.equal(watchRequests(api)[1]!.query.get('resourceVersion'), rv);
  assert.equal(listRequests(api).length, 1, 'no relist');
  await pods.create({ metadata: { name: 'y', namespace: 'ns' } });
  await eventually(() => log.length === 2, 'add y on the new watch');
  assert.deepEqual(log, ['add x', 'add y']);
});

test('bookmarks advance the resume point', async (t) => {
  const { api, pods, informer } = setup();
  t.after(() => informer.stop());
  informer.start();
  await informer.waitForSync();
  await eventually(() => api.openWatches === 1, 'watch open');
  // Writes to another resource move the global resourceVersion; only a bookmark tells us.
  await api.seed('/apis/apps/v1/namespaces/ns/deployments', { metadata: { name: 'd' } });
  await api.seed('/apis/apps/v1/namespaces/ns/deployments', { metadata: { name: 'e' } });
  assert.notEqual(informer.lastSyncResourceVersion, api.resourceVersion);
  api.bookmark();
  await eventually(() => informer.lastSyncResourceVersion === api.resourceVersion, 'bookmark seen');
  const rv = api.resourceVersion;
  api.closeWatches();
  await eventually(() => watchRequests(api).length === 2, 'second watch');
  assert.equal(watchRequests(api)[1]!.query.get('resourceVersion'), rv);
  void pods;
});

test('410 Expired on the watch relists; changes missed meanwhile become updates and final-state-unknown deletes', async (t) => {
  const { api, pods, informer, log, handler } = setup();
  t.after(() => informer.stop());
  await pods.create({ metadata: { name: 'keep', namespace: 'ns' } });
  await pods.create({ metadata: { name: 'change', namespace: 'ns' } });
  await pods.create({ metadata: { name: 'gone', namespace: 'ns' } });
  informer.addEventHandler(handler);
  informer.start();
  await informer.waitForSync();
  await eventually(() => api.openWatches === 1, 'watch open');
  log.length = 0;
  await api.silently(async () => {
    await pods.namespace('ns').delete('gone');
    await pods.namespace('ns').patch('change', 'merge', { metadata: { labels: { v: '2' } } });
    await pods.create({ metadata: { name: 'new', namespace: 'ns' } });
  });
  api.compact();
  api.failWatches({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 410,
    reason: 'Expired',
    message: 'too old resource version',
  });
  await eventually(() => log.length === 3, 'relist notifications');
  assert.deepEqual(log.map((l) => l.replace(/ \d+->\d+/, '')).sort(), [
    'add new',
    'delete gone (final state unknown)',
    'update change',
  ]);
  assert.equal(listRequests(api).length, 2);
  assert.deepEqual(
    informer.lister
      .list()
      .map((p) => p.metadata?.name)
      .sort(),
    ['change', 'keep', 'new'],
  );
  await eventually(() => api.openWatches === 1, 'watching again');
});

test('a watch refused from a compacted version (HTTP 410) relists too', async (t) => {
  const { api, pods, informer, errors } = setup();
  t.after(() => informer.stop());
  informer.start();
  await informer.waitForSync();
  await eventually(() => api.openWatches === 1, 'watch open');
  await pods.create({ metadata: { name: 'seen', namespace: 'ns' } });
  await eventually(() => informer.lister.get('ns', 'seen') !== undefined, 'watch event');
  api.expireWatchWithHttpError = true;
  await api.silently(() => pods.create({ metadata: { name: 'missed', namespace: 'ns' } }));
  api.compact();
  api.closeWatches();
  await eventually(() => informer.lister.get('ns', 'missed') !== undefined, 'relist found the missed pod');
  assert.ok(watchRequests(api).length >= 2, 'the second watch was refused');
  assert.equal(listRequests(api).length, 2);
  assert.deepEqual(errors, [], 'an expiry is not an error');
});

test('errors back off and recover', async (t) => {
  const { api, pods, informer, errors } = setup();
  t.after(() => informer.stop());
  const boom = {
    kind: 'Status' as const,
    apiVersion: 'v1' as const,
    metadata: {},
    status: 'Failure' as const,
    code: 500,
    reason: 'InternalError' as const,
    message: 'boom',
  };
  api.failNext((r) => r.method === 'GET' && !r.query.get('watch'), boom);
  api.failNext((r) => r.method === 'GET' && !r.query.get('watch'), boom);
  informer.start();
  await informer.waitForSync();
  assert.equal(errors.length, 2);
  assert.equal(listRequests(api).length, 3);
  await pods.create({ metadata: { name: 'after', namespace: 'ns' } });
  await eventually(() => informer.lister.get('ns', 'after') !== undefined, 'watch works');
});

test('periodic resync calls onUpdate(obj, obj) for every cached object', async (t) => {
  const { pods, informer } = setup();
  t.after(() => informer.stop());
  await pods.create({ metadata: { name: 'a', namespace: 'ns' } });
  await pods.create({ metadata: { name: 'b', namespace: 'ns' } });
  const resynced: string[] = [];
  informer.addEventHandler(
    { onUpdate: (o, n) => o === n && resynced.push(n.metadata!.name!) },
    { resyncPeriodMs: 10 },
  );
  informer.start();
  await eventually(
    () => resynced.filter((n) => n === 'a').length >= 2 && resynced.includes('b'),
    'two resyncs',
  );
});

test('a handler added after sync first hears every cached object; cached objects are frozen', async (t) => {
  const { pods, informer, errors } = setup({ freeze: true });
  t.after(() => informer.stop());
  await pods.create({ metadata: { name: 'a', namespace: 'ns', labels: { x: '1' } } });
  informer.start();
  await informer.waitForSync();
  const seen: string[] = [];
  const reg = informer.addEventHandler({
    onAdd: (p, initial) => {
      seen.push(`${p.metadata?.name}:${initial}`);
      (p.metadata!.labels as Record<string, string>).x = 'mutated';
    },
  });
  assert.deepEqual(seen, ['a:true']);
  assert.equal(reg.hasSynced(), true);
  assert.equal(errors.length, 1, 'the mutation threw and was reported');
  assert.match(String(errors[0]), /read.only|frozen|Cannot assign/);
  assert.equal(informer.lister.get('ns', 'a')?.metadata?.labels?.x, '1');
  reg.remove();
});

test('watch-list: initial events replace the cache without a list request', async (t) => {
  const { api, pods, informer, log, handler } = setup({ reflector: { ...fast, useWatchList: true } });
  t.after(() => informer.stop());
  await pods.create({ metadata: { name: 'a', namespace: 'ns' } });
  informer.addEventHandler(handler);
  informer.start();
  await informer.waitForSync();
  assert.deepEqual(log, ['add a (initial)']);
  assert.equal(listRequests(api).length, 0);
  const w = watchRequests(api)[0]!;
  assert.equal(w.query.get('sendInitialEvents'), 'true');
  assert.equal(w.query.get('resourceVersionMatch'), 'NotOlderThan');
  await pods.create({ metadata: { name: 'b', namespace: 'ns' } });
  await eventually(() => log.length === 2, 'add b on the same stream');
  assert.equal(watchRequests(api).length, 1);
});

test('watch-list refused by the server falls back to listing', async (t) => {
  const { api, informer } = setup({ reflector: { ...fast, useWatchList: true } });
  t.after(() => informer.stop());
  api.failNext((r) => r.query.get('sendInitialEvents') === 'true', {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 422,
    reason: 'Invalid',
    message: 'sendInitialEvents is forbidden',
  });
  informer.start();
  assert.equal(await informer.waitForSync(), true);
  assert.equal(listRequests(api).length, 1);
});

test('the factory shares one informer per resource and selector; selectors reach the server', async (t) => {
  const api = new FakeApiServer();
  const client = new Client({ fetch: api.fetch });
  const factory = new InformerFactory(client, { reflector: fast });
  t.after(() => factory.shutdown());
  const pods = client.resource<Pod>(PODS);
  await pods.create({ metadata: { name: 'on-n1', namespace: 'ns' }, spec: { nodeName: 'n1' } });
  await pods.create({ metadata: { name: 'on-n2', namespace: 'ns' }, spec: { nodeName: 'n2' } });
  const all = factory.informerFor<Pod>(PODS);
  assert.equal(factory.informerFor<Pod>(PODS), all);
  const mine = factory.informerFor<Pod>(PODS, { fieldSelector: { 'spec.nodeName': 'n1' } });
  assert.notEqual(mine, all);
  assert.equal(factory.informerFor<Pod>(PODS, { fieldSelector: 'spec.nodeName=n1' }), mine);
  factory.start();
  assert.equal(await factory.waitForSync(), true);
  assert.equal(all.indexer.size, 2);
  assert.deepEqual(
    mine.lister.list().map((p) => p.metadata?.name),
    ['on-n1'],
  );
  // Asked for after start: started at once.
  const late = factory.informerFor<Pod>(PODS, { namespace: 'ns' });
  assert.equal(await late.waitForSync(), true);
  assert.equal(
    api.requests.find((r) => r.query.get('fieldSelector'))?.query.get('fieldSelector'),
    'spec.nodeName=n1',
  );
});

test('a transform (stripManagedFields) rewrites listed and watched objects before handlers and the cache see them', async (t) => {
  const { pods, informer, handler, log } = setup({ transform: stripManagedFields });
  t.after(() => informer.stop());
  const managedFields = [{ manager: 'm', operation: 'Update', apiVersion: 'v1' }];
  await pods.create({ metadata: { name: 'a', namespace: 'ns', managedFields } as Pod['metadata'] });
  const seen: unknown[] = [];
  informer.addEventHandler({
    ...handler,
    onAdd: (p, initial) => {
      seen.push(p.metadata);
      handler.onAdd?.(p, initial);
    },
  });
  informer.start();
  await informer.waitForSync();
  await pods.create({ metadata: { name: 'b', namespace: 'ns', managedFields } as Pod['metadata'] });
  await eventually(() => log.length === 2, 'the watched pod');
  // The server has them; the informer's copies do not.
  const stored = await pods.namespace('ns').get('b');
  assert.deepEqual((stored.metadata as { managedFields?: unknown }).managedFields, managedFields);
  assert.deepEqual(
    seen.map((m) => Object.keys(m as object).includes('managedFields')),
    [false, false],
  );
  const cached = informer.lister.get('ns', 'b');
  assert.equal(cached?.metadata?.name, 'b');
  assert.equal((cached?.metadata as { managedFields?: unknown } | undefined)?.managedFields, undefined);
});
