import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { StatusError } from '../machinery/status.ts';
import { isConflict, isNotFound } from './api-error.ts';
import { Client } from './client.ts';
import type { ObjectLike } from './object.ts';
import { descriptor, LEASES, NODES, PODS, resourceUrlPath } from './resource.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';

const DEPLOYMENTS = descriptor('apps/v1', 'deployments', true, 'Deployment');

function setup() {
  const api = new FakeApiServer();
  const client = new Client({ fetch: api.fetch, server: 'http://api.test', fieldManager: 'test-manager' });
  return { api, client };
}

test('URLs follow the API layout for core, named groups, namespaces and subresources', () => {
  assert.equal(resourceUrlPath(PODS), '/api/v1/pods');
  assert.equal(resourceUrlPath(PODS, { namespace: 'ns' }), '/api/v1/namespaces/ns/pods');
  assert.equal(
    resourceUrlPath(PODS, { namespace: 'ns', name: 'p', subresource: 'status' }),
    '/api/v1/namespaces/ns/pods/p/status',
  );
  assert.equal(resourceUrlPath(NODES, { namespace: 'ignored', name: 'n1' }), '/api/v1/nodes/n1');
  assert.equal(
    resourceUrlPath(LEASES, { namespace: 'kube-system', name: 'x' }),
    '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x',
  );
  assert.equal(
    resourceUrlPath(DEPLOYMENTS, { namespace: 'a b', name: 'c/d' }),
    '/apis/apps/v1/namespaces/a%20b/deployments/c%2Fd',
  );
  assert.throws(() => resourceUrlPath(PODS, { subresource: 'status' }), /needs an object name/);
});

test('create, get, update and delete round-trip with the field manager and type meta', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS).namespace('default');
  const created = await pods.create({ metadata: { name: 'web' } });
  assert.equal(created.metadata?.namespace, 'default');
  const post = api.requests.at(-1)!;
  assert.equal(post.method, 'POST');
  assert.equal(post.path, '/api/v1/namespaces/default/pods');
  assert.equal(post.query.get('fieldManager'), 'test-manager');
  assert.deepEqual((post.body as ObjectLike).apiVersion, 'v1');
  assert.deepEqual((post.body as ObjectLike).kind, 'Pod');

  const got = await pods.get('web');
  assert.equal(got.metadata?.resourceVersion, created.metadata?.resourceVersion);
  const updated = await pods.update({ ...got, metadata: { ...got.metadata, labels: { a: 'b' } } });
  assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);

  // A stale resourceVersion is a Conflict, carried as a StatusError built from the Status body.
  const stale = await pods.update(got).catch((e: unknown) => e);
  assert.ok(stale instanceof StatusError);
  assert.ok(isConflict(stale));
  assert.equal(stale.code, 409);
  assert.match(stale.message, /the object has been modified/);

  await pods.delete('web', {
    propagationPolicy: 'Foreground',
    gracePeriodSeconds: 0,
    preconditions: { uid: updated.metadata!.uid! },
  });
  const del = api.requests.at(-1)!;
  assert.equal(del.method, 'DELETE');
  assert.deepEqual(del.body, {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: 'Foreground',
    gracePeriodSeconds: 0,
    preconditions: { uid: updated.metadata!.uid },
  });
  const missing = await pods.get('web').catch((e: unknown) => e);
  assert.ok(isNotFound(missing));
  assert.equal((missing as StatusError).reason, 'NotFound');

  // deleteOnly: the same request, no answer; errors as delete's.
  await pods.create({ metadata: { name: 'quiet' } });
  assert.equal(await pods.deleteOnly('quiet', { gracePeriodSeconds: 0 }), undefined);
  assert.equal(api.requests.at(-1)!.method, 'DELETE');
  assert.equal(api.requests.at(-1)!.path, '/api/v1/namespaces/default/pods/quiet');
  assert.deepEqual(api.requests.at(-1)!.body, {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    gracePeriodSeconds: 0,
  });
  assert.ok(isNotFound(await pods.get('quiet').catch((e: unknown) => e)));
  assert.ok(isNotFound(await pods.deleteOnly('quiet').catch((e: unknown) => e)));
});

test('createOnly, patchOnly and the ForMetadata writes send the same requests and read less of the answer', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS).namespace('default');
  const meta = await pods.createForMetadata({
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { nodeName: 'n1' },
  } as ObjectLike);
  const post = api.requests.at(-1)!;
  assert.equal(post.method, 'POST');
  assert.equal(post.path, '/api/v1/namespaces/default/pods');
  assert.equal(post.query.get('fieldManager'), 'test-manager');
  assert.equal((post.body as ObjectLike).kind, 'Pod');
  const stored = await pods.get('web');
  // Only metadata's scalars: no labels, and nothing outside metadata.
  assert.deepEqual(meta, {
    name: 'web',
    namespace: 'default',
    resourceVersion: stored.metadata?.resourceVersion,
    uid: stored.metadata?.uid,
  });

  const updated = await pods.updateForMetadata({
    ...stored,
    metadata: { ...stored.metadata, labels: { a: 'b' } },
  });
  assert.equal(api.requests.at(-1)!.method, 'PUT');
  assert.equal(updated.resourceVersion, (await pods.get('web')).metadata?.resourceVersion);
  assert.notEqual(updated.resourceVersion, stored.metadata?.resourceVersion);
  assert.ok(isConflict(await pods.updateForMetadata(stored).catch((e: unknown) => e)));

  assert.equal(await pods.createOnly({ metadata: { name: 'quiet' } }), undefined);
  assert.equal(api.requests.at(-1)!.path, '/api/v1/namespaces/default/pods');
  assert.equal((await pods.get('quiet')).metadata?.name, 'quiet');
  assert.equal(
    ((await pods.createOnly({ metadata: { name: 'quiet' } }).catch((e: unknown) => e)) as StatusError).reason,
    'AlreadyExists',
  );

  const status = { phase: 'Running' };
  assert.equal(await pods.patchOnly('quiet', 'merge', { status }, { subresource: 'status' }), undefined);
  const patch = api.requests.at(-1)!;
  assert.equal(patch.method, 'PATCH');
  assert.equal(patch.path, '/api/v1/namespaces/default/pods/quiet/status');
  assert.equal(patch.contentType, 'application/merge-patch+json');
  assert.deepEqual(patch.body, { status });
  assert.deepEqual(((await pods.get('quiet')) as { status?: unknown }).status, status);
  assert.ok(isNotFound(await pods.patchOnly('gone', 'merge', {}).catch((e: unknown) => e)));
});

test('namespaced objects need a namespace; create takes it from metadata', async () => {
  const { client } = setup();
  const pods = client.resource(PODS);
  assert.throws(() => pods.get('x'), /namespaced/);
  const p = await pods.create({ metadata: { name: 'x', namespace: 'other' } });
  assert.equal(p.metadata?.namespace, 'other');
  const n = await client.resource(NODES).create({ metadata: { name: 'n1' } });
  assert.equal(n.metadata?.namespace, undefined);
});

test('list sends selectors, limit and resourceVersion; listAll follows continue tokens', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS).namespace('ns');
  for (let i = 0; i < 7; i++)
    await pods.create({ metadata: { name: `p${i}`, labels: { app: i % 2 ? 'odd' : 'even' } } });
  const page = await pods.list({
    labelSelector: { matchLabels: { app: 'even' } },
    fieldSelector: { 'metadata.namespace': 'ns' },
    limit: 2,
    resourceVersion: '0',
    resourceVersionMatch: 'NotOlderThan',
  });
  const q = api.requests.at(-1)!.query;
  assert.equal(q.get('labelSelector'), 'app=even');
  assert.equal(q.get('fieldSelector'), 'metadata.namespace=ns');
  assert.equal(q.get('limit'), '2');
  assert.equal(q.get('resourceVersion'), '0');
  assert.equal(q.get('resourceVersionMatch'), 'NotOlderThan');
  assert.equal(page.items.length, 2);
  assert.ok(page.metadata.continue);

  const all = await pods.listAll({ limit: 3 });
  assert.deepEqual(
    all.items.map((p) => p.metadata?.name),
    ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'],
  );
  assert.equal(all.metadata.resourceVersion, api.resourceVersion);
  // Later pages send only the token, not the resourceVersion.
  assert.equal(api.requests.at(-1)!.query.get('resourceVersion'), null);
  assert.ok(api.requests.at(-1)!.query.get('continue'));
});

test('each patch type sends its content type; apply sends fieldManager and force', async () => {
  const { api, client } = setup();
  const cms = client.resource(descriptor('v1', 'configmaps', true, 'ConfigMap')).namespace('ns');
  await cms.create({ metadata: { name: 'c' } });
  const types = {
    json: 'application/json-patch+json',
    merge: 'application/merge-patch+json',
    strategic: 'application/strategic-merge-patch+json',
    apply: 'application/apply-patch+yaml',
  } as const;
  await cms.patch('c', 'json', [{ op: 'add', path: '/data', value: { a: '1' } }]);
  assert.equal(api.requests.at(-1)!.contentType, types.json);
  assert.deepEqual((api.peek('/api/v1/configmaps', 'c', 'ns') as Record<string, unknown>).data, { a: '1' });
  await cms.patch('c', 'merge', { data: { b: '2' } });
  assert.equal(api.requests.at(-1)!.contentType, types.merge);
  await cms.patch('c', 'strategic', { data: { c: '3' } }, { subresource: 'status', force: true });
  const strategic = api.requests.at(-1)!;
  assert.equal(strategic.contentType, types.strategic);
  assert.equal(strategic.path, '/api/v1/namespaces/ns/configmaps/c/status');
  assert.equal(strategic.query.get('force'), null, 'force is only for apply');
  await cms.apply({ metadata: { name: 'c' }, data: { d: '4' } } as ObjectLike, {
    force: true,
    fieldManager: 'kubectl',
  });
  const apply = api.requests.at(-1)!;
  assert.equal(apply.contentType, types.apply);
  assert.equal(apply.query.get('fieldManager'), 'kubectl');
  assert.equal(apply.query.get('force'), 'true');
  assert.equal((apply.body as ObjectLike).kind, 'ConfigMap');
});

test('subresources: binding, eviction, scale and log go to their URLs with their bodies', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS).namespace('ns');
  const pod = await pods.create({ metadata: { name: 'p' } });
  await pods.bind('p', 'node-1', pod.metadata?.uid);
  const bind = api.requests.at(-1)!;
  assert.equal(bind.path, '/api/v1/namespaces/ns/pods/p/binding');
  assert.deepEqual(bind.body, {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'p', namespace: 'ns', uid: pod.metadata?.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
  });
  await pods.evict('p', { gracePeriodSeconds: 5 });
  const evict = api.requests.at(-1)!;
  assert.equal(evict.path, '/api/v1/namespaces/ns/pods/p/eviction');
  assert.equal((evict.body as { kind: string }).kind, 'Eviction');
  assert.equal(
    (evict.body as { deleteOptions: { gracePeriodSeconds: number } }).deleteOptions.gracePeriodSeconds,
    5,
  );

  const deployments = client.resource(DEPLOYMENTS).namespace('ns');
  await deployments.create({ metadata: { name: 'd' } });
  await deployments.scale('d', 3);
  const scale = api.requests.at(-1)!;
  assert.equal(scale.path, '/apis/apps/v1/namespaces/ns/deployments/d/scale');
  assert.equal(scale.contentType, 'application/merge-patch+json');
  assert.deepEqual(scale.body, { spec: { replicas: 3 } });

  await pods.logs('p', { container: 'c', tailLines: 10 }).catch(() => undefined);
  const log = api.requests.at(-1)!;
  assert.equal(log.path, '/api/v1/namespaces/ns/pods/p/log');
  assert.equal(log.query.get('container'), 'c');
  assert.equal(log.query.get('tailLines'), '10');
});

test('non-Status error bodies become generic StatusErrors by code', async () => {
  const client = new Client({
    fetch: async () => new Response('upstream proxy broke', { status: 503 }),
    maxRetries: 0,
  });
  const e = await client
    .resource(NODES)
    .get('n')
    .catch((x: unknown) => x);
  assert.ok(e instanceof StatusError);
  assert.equal(e.code, 503);
  assert.equal(e.reason, 'ServiceUnavailable');
  assert.match(e.message, /upstream proxy broke/);
});

test('429 with Retry-After is retried; warnings are reported', async () => {
  let calls = 0;
  const warnings: string[] = [];
  const client = new Client({
    fetch: async () => {
      calls++;
      if (calls < 3) return new Response('{}', { status: 429, headers: { 'retry-after': '0' } });
      return new Response('{"metadata":{"name":"n"}}', {
        status: 200,
        headers: { warning: '299 - "spec.foo is deprecated"' },
      });
    },
    onWarning: (w) => warnings.push(w),
  });
  const n = await client.resource(NODES).get('n');
  assert.equal(n.metadata?.name, 'n');
  assert.equal(calls, 3);
  assert.deepEqual(warnings, ['spec.foo is deprecated']);
});

test('watch yields events in order and close() ends the iteration', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS).namespace('ns');
  await pods.create({ metadata: { name: 'a' } });
  const rv = api.resourceVersion;
  const w = await pods.watch({ resourceVersion: rv, allowWatchBookmarks: true });
  assert.equal(api.requests.at(-1)!.query.get('watch'), 'true');
  assert.equal(api.requests.at(-1)!.query.get('allowWatchBookmarks'), 'true');
  await pods.create({ metadata: { name: 'b' } });
  await pods.patch('a', 'merge', { metadata: { labels: { x: 'y' } } });
  api.bookmark();
  await pods.delete('b');
  const seen: string[] = [];
  for await (const ev of w) {
    seen.push(
      `${ev.type}:${ev.type === 'BOOKMARK' ? ev.object.metadata?.resourceVersion : ev.type === 'ERROR' ? '' : ev.object.metadata?.name}`,
    );
    if (ev.type === 'DELETED') w.close();
  }
  assert.deepEqual(seen, ['ADDED:b', 'MODIFIED:a', `BOOKMARK:${Number(rv) + 2}`, 'DELETED:b']);
  assert.equal(api.openWatches, 0);
});

test('a watch refused with HTTP 410 throws an Expired StatusError', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS);
  await pods.create({ metadata: { name: 'a', namespace: 'x' } });
  api.compact();
  api.expireWatchWithHttpError = true;
  const e = await pods.watch({ resourceVersion: '1' }).catch((x: unknown) => x);
  assert.ok(e instanceof StatusError);
  assert.equal(e.code, 410);
  assert.equal(e.reason, 'Expired');
});

test('watches follow a caller signal without leaving listeners on it', async () => {
  const { api, client } = setup();
  const pods = client.resource(PODS);
  const outer = new AbortController();
  for (let i = 0; i < 20; i++) (await pods.watch({ signal: outer.signal })).close();
  api.failNext(() => true, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 403,
    reason: 'Forbidden',
    message: 'no',
  });
  await assert.rejects(pods.watch({ signal: outer.signal }), /no/);
  assert.equal(getEventListeners(outer.signal, 'abort').length, 0);
  const w = await pods.watch({ signal: outer.signal });
  outer.abort();
  assert.equal(w.closed, true);
});
