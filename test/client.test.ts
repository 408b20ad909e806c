// The client library against a real `kts server` (one server for the suite): verbs, errors,
// patches, paging, watches, informers, the controller runtime, leader election and events,
// over the network transport built from the server's kubeconfig.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type Client,
  Controller,
  connect,
  descriptorForKind,
  EventRecorder,
  InformerFactory,
  indexByNodeName,
  isStatus,
  LeaderElector,
  loadKubeconfig,
  NODE_NAME_INDEX,
  type ObjectLike,
  PODS,
} from '../src/client/index.ts';
import { eventually } from '../src/client/testing/eventually.ts';
import { StatusError } from '../src/machinery/status.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectlOk } from './support/kubectl.ts';

type ConfigMap = ObjectLike & { data?: Record<string, string> };
type Pod = ObjectLike & {
  spec?: { nodeName?: string; containers: { name: string; image: string }[] };
  status?: { phase?: string };
};

const CONFIGMAPS = descriptorForKind('ConfigMap');
const DEPLOYMENTS = descriptorForKind('Deployment', 'apps');
const SERVICEACCOUNTS = descriptorForKind('ServiceAccount');
const NAMESPACES = descriptorForKind('Namespace');

describe('client library against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let client: Client;
  let close: () => Promise<void>;
  let ns = 0;

  /** A fresh namespace (with its default service account, which pods need) per test. */
  async function namespace(): Promise<string> {
    const name = `client-${++ns}`;
    await client.resource(NAMESPACES).create({ metadata: { name } });
    await client
      .resource(SERVICEACCOUNTS)
      .namespace(name)
      .create({ metadata: { name: 'default' } });
    return name;
  }

  before(async () => {
    server = await startServer();
    ({ client, close } = connect(loadKubeconfig(server.kubeconfig), { fieldManager: 'client-e2e' }));
  });
  after(async () => {
    await close?.();
    await server?.stop();
  });

  it('creates, reads, updates and deletes, with upstream Status errors', async () => {
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace(await namespace());
    const created = await cms.create({ metadata: { name: 'a' }, data: { k: 'v' } });
    assert.equal(created.metadata?.name, 'a');
    const again = await cms.create({ metadata: { name: 'a' } }).catch((e: unknown) => e);
    assert.ok(again instanceof StatusError);
    assert.equal(again.code, 409);
    assert.equal(again.reason, 'AlreadyExists');
    assert.equal(again.message, 'configmaps "a" already exists');

    const updated = await cms.update({ ...created, data: { k: 'v2' } });
    assert.equal(updated.data?.k, 'v2');
    const stale = await cms.update({ ...created, data: { k: 'v3' } }).catch((e: unknown) => e);
    assert.ok(stale instanceof StatusError);
    assert.equal(stale.reason, 'Conflict');
    assert.match(
      stale.message,
      /the object has been modified; please apply your changes to the latest version and try again/,
    );

    const invalid = await cms.create({ metadata: { name: 'Not_Valid' } }).catch((e: unknown) => e);
    assert.ok(invalid instanceof StatusError);
    assert.equal(invalid.code, 422);
    assert.equal(invalid.reason, 'Invalid');
    assert.equal(invalid.details?.causes?.[0]?.field, 'metadata.name');

    const precondition = await cms
      .delete('a', { preconditions: { uid: 'not-the-uid' } })
      .catch((e: unknown) => e);
    assert.ok(precondition instanceof StatusError);
    assert.equal(precondition.reason, 'Conflict');
    const deleted = await cms.delete('a');
    assert.ok(isStatus(deleted) || (deleted as ConfigMap).metadata?.name === 'a');
    const gone = await cms.get('a').catch((e: unknown) => e);
    assert.ok(gone instanceof StatusError);
    assert.equal(gone.reason, 'NotFound');
    assert.equal(gone.message, 'configmaps "a" not found');
  });

  it('patches with JSON, merge and strategic merge patches', async () => {
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace(await namespace());
    await cms.create({ metadata: { name: 'p' }, data: { a: '1' } });
    await cms.patch('p', 'json', [{ op: 'add', path: '/data/b', value: '2' }]);
    await cms.patch('p', 'merge', { data: { c: '3' } });
    const strategic = await cms.patch('p', 'strategic', { metadata: { labels: { x: 'y' } } });
    assert.deepEqual(strategic.data, { a: '1', b: '2', c: '3' });
    assert.equal(strategic.metadata?.labels?.x, 'y');
    const bad = await cms
      .patch('p', 'json', [{ op: 'test', path: '/data/a', value: 'nope' }])
      .catch((e: unknown) => e);
    assert.ok(bad instanceof StatusError);
    assert.ok(bad.code >= 400 && bad.code < 500);
  });

  it('lists in pages with selectors and deletes a collection', async () => {
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace(await namespace());
    for (let i = 0; i < 5; i++)
      await cms.create({ metadata: { name: `c${i}`, labels: { parity: i % 2 ? 'odd' : 'even' } } });
    const page = await cms.list({ limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok(page.metadata.continue);
    const all = await cms.listAll({ limit: 2, labelSelector: { matchLabels: { parity: 'even' } } });
    assert.deepEqual(all.items.map((c) => c.metadata?.name).sort(), ['c0', 'c2', 'c4']);
    await cms.deleteCollection({ labelSelector: 'parity=odd' });
    assert.deepEqual((await cms.list()).items.map((c) => c.metadata?.name).sort(), ['c0', 'c2', 'c4']);
  });

  it('watches from a resourceVersion and resumes where it left off', async () => {
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace(await namespace());
    const rv = (await cms.list()).metadata.resourceVersion!;
    const w = await cms.watch({ resourceVersion: rv, allowWatchBookmarks: true });
    await cms.create({ metadata: { name: 'w' } });
    await cms.patch('w', 'merge', { data: { a: '1' } });
    await cms.delete('w');
    const seen: string[] = [];
    let last = rv;
    for await (const ev of w) {
      if (ev.type === 'ERROR') assert.fail(ev.object.message);
      last = ev.object.metadata?.resourceVersion ?? last;
      if (ev.type === 'BOOKMARK') continue;
      seen.push(`${ev.type} ${ev.object.metadata?.name}`);
      if (seen.length === 2) break;
    }
    w.close();
    assert.deepEqual(seen, ['ADDED w', 'MODIFIED w']);
    const resumed = await cms.watch({ resourceVersion: last });
    for await (const ev of resumed) {
      assert.equal(ev.type, 'DELETED');
      break;
    }
    resumed.close();
  });

  it('keeps informers in sync (list + watch and watch-list), with indexes and a node field selector', async () => {
    const namespaceName = await namespace();
    const pods = client.resource<Pod>(PODS).namespace(namespaceName);
    const pod = (name: string) => ({
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    });
    for (const name of ['a', 'b']) await pods.create(pod(name));
    const a = await pods.get('a');
    await pods.bind('a', 'node-1', a.metadata?.uid);

    const factory = new InformerFactory(client, { namespace: namespaceName });
    const watchList = new InformerFactory(client, {
      namespace: namespaceName,
      reflector: { useWatchList: true },
    });
    try {
      const all = factory.informerFor<Pod>(PODS, { indexers: { [NODE_NAME_INDEX]: indexByNodeName } });
      const onNode = factory.informerFor<Pod>(PODS, { fieldSelector: { 'spec.nodeName': 'node-1' } });
      const streamed = watchList.informerFor<Pod>(PODS);
      factory.start();
      watchList.start();
      assert.equal(await factory.waitForSync(), true);
      assert.equal(await watchList.waitForSync(), true);
      assert.deepEqual(
        all.lister
          .list()
          .map((p) => p.metadata?.name)
          .sort(),
        ['a', 'b'],
      );
      assert.deepEqual(
        streamed.lister
          .list()
          .map((p) => p.metadata?.name)
          .sort(),
        ['a', 'b'],
      );
      assert.deepEqual(
        onNode.lister.list().map((p) => p.metadata?.name),
        ['a'],
      );
      assert.deepEqual(
        all.lister.byIndex(NODE_NAME_INDEX, 'node-1').map((p) => p.metadata?.name),
        ['a'],
      );

      const b = await pods.get('b');
      await pods.bind('b', 'node-1', b.metadata?.uid);
      await pods.create(pod('c'));
      await eventually(() => onNode.lister.list().length === 2, 'b appears on node-1');
      await eventually(() => all.indexer.size === 3 && streamed.indexer.size === 3, 'c appears');
      await pods.delete('c', { gracePeriodSeconds: 0 });
      await eventually(
        () =>
          all.lister.get(namespaceName, 'c') === undefined &&
          streamed.lister.get(namespaceName, 'c') === undefined,
        'c deleted',
      );
      assert.equal(all.lister.get(namespaceName, 'a')?.spec?.nodeName, 'node-1');
    } finally {
      await factory.shutdown();
      await watchList.shutdown();
    }
  });

  it('reads and writes subresources: status, scale, eviction', async () => {
    const namespaceName = await namespace();
    const pods = client.resource<Pod>(PODS).namespace(namespaceName);
    const p = await pods.create({
      metadata: { name: 's' },
      spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    });
    const withStatus = await pods.updateStatus({ ...p, status: { phase: 'Running' } });
    assert.equal(withStatus.status?.phase, 'Running');
    const eviction = await pods.evict('s');
    assert.equal(eviction.status, 'Success');

    const deployments = client.resource(DEPLOYMENTS).namespace(namespaceName);
    await deployments.create({
      metadata: { name: 'd' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    } as ObjectLike);
    assert.equal((await deployments.getScale('d')).spec?.replicas, 1);
    assert.equal((await deployments.scale('d', 4)).spec?.replicas, 4);
    assert.equal(((await deployments.get('d')) as { spec: { replicas: number } }).spec.replicas, 4);
  });

  it('runs a controller: owned objects map back to their owner, and it heals what is deleted', async () => {
    const namespaceName = await namespace();
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace(namespaceName);
    const factory = new InformerFactory(client, { namespace: namespaceName });
    const sources = factory.informerFor<ConfigMap>(CONFIGMAPS);
    const errors: unknown[] = [];
    // "Mirror" controller: every ConfigMap labelled role=source gets a copy it controls.
    const controller = new Controller(factory, {
      name: 'mirror',
      for: CONFIGMAPS,
      owns: [CONFIGMAPS],
      workers: 2,
      // A reconcile working from a cache a write behind gets a Conflict and is retried: expected.
      onError: (_key, e) => errors.push(e),
      reconcile: async (key) => {
        const [, name] = key.split('/') as [string, string];
        const source = sources.lister.get(namespaceName, name);
        if (source?.metadata?.labels?.role !== 'source') return;
        const owner = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name,
          uid: source.metadata!.uid!,
          controller: true,
        };
        const mirror = sources.lister.get(namespaceName, `${name}-mirror`);
        const desired = { ...source.data };
        if (!mirror) {
          await cms.create({ metadata: { name: `${name}-mirror`, ownerReferences: [owner] }, data: desired });
        } else if (JSON.stringify(mirror.data ?? {}) !== JSON.stringify(desired)) {
          // Cached objects are shared and frozen: write a copy.
          await cms.update({ ...structuredClone(mirror), data: desired });
        }
      },
    });
    try {
      await controller.start();
      await cms.create({ metadata: { name: 'src', labels: { role: 'source' } }, data: { v: '1' } });
      await eventually(
        () => sources.lister.get(namespaceName, 'src-mirror')?.data?.v === '1',
        'mirror created',
      );
      await cms.patch('src', 'merge', { data: { v: '2' } });
      await eventually(
        () => sources.lister.get(namespaceName, 'src-mirror')?.data?.v === '2',
        'mirror follows',
      );
      await cms.delete('src-mirror');
      await eventually(
        () => sources.lister.get(namespaceName, 'src-mirror')?.data?.v === '2',
        'mirror re-created',
      );
    } finally {
      await controller.stop();
      await factory.shutdown();
    }
  });

  it('elects one leader on a Lease and hands over on release and on a crash', async () => {
    const namespaceName = await namespace();
    const state: Record<string, boolean> = {};
    const candidate = (identity: string, releaseOnCancel: boolean) => {
      const abort = new AbortController();
      const elector = new LeaderElector({
        client,
        namespace: namespaceName,
        name: 'kts-test',
        identity,
        leaseDurationMs: 2000,
        renewDeadlineMs: 1500,
        retryPeriodMs: 200,
        releaseOnCancel,
        onStartedLeading: () => {
          state[identity] = true;
        },
        onStoppedLeading: () => {
          state[identity] = false;
        },
      });
      return { abort, done: elector.run(abort.signal), elector };
    };
    const a = candidate('a', true);
    await eventually(() => state.a === true, 'a leads');
    const b = candidate('b', false);
    const c = candidate('c', true);
    try {
      a.abort.abort(); // graceful: released at once
      await a.done;
      await eventually(() => state.b === true || state.c === true, 'a successor leads');
      assert.equal(Object.values(state).filter(Boolean).length, 1);
      const [leader, other] = state.b ? [b, c] : [c, b];
      leader.abort.abort(); // b does not release (a crash, as far as the lease can tell); c releases
      await leader.done;
      await eventually(() => (other === b ? state.b : state.c) === true, 'the last candidate leads');
      const lease = (await client
        .resource(descriptorForKind('Lease', 'coordination.k8s.io'))
        .namespace(namespaceName)
        .get('kts-test')) as {
        spec: { holderIdentity: string; leaseTransitions: number };
      };
      assert.equal(lease.spec.holderIdentity, other === b ? 'b' : 'c');
      assert.equal(lease.spec.leaseTransitions, 2);
    } finally {
      for (const x of [a, b, c]) x.abort.abort();
      await Promise.all([a.done, b.done, c.done]);
    }
  });

  it('records events that kubectl describe shows, counting repeats', async () => {
    const namespaceName = await namespace();
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace(namespaceName);
    const cm = await cms.create({ metadata: { name: 'evented' } });
    const recorder = new EventRecorder({ client, component: 'client-e2e' });
    const about = { ...cm, apiVersion: 'v1', kind: 'ConfigMap' };
    recorder.event(about, 'Warning', 'Tested', 'something happened');
    recorder.event(about, 'Warning', 'Tested', 'something happened');
    recorder.event(about, 'Normal', 'Other', 'and something else');
    await recorder.flush();
    const events = (
      await client
        .resource<ObjectLike & { count: number; reason: string }>(descriptorForKind('Event'))
        .namespace(namespaceName)
        .list({ fieldSelector: { 'involvedObject.name': 'evented' } })
    ).items;
    assert.deepEqual(events.map((e) => `${e.reason}:${e.count}`).sort(), ['Other:1', 'Tested:2']);
    const describe = await kubectlOk(server.kubeconfig, [
      'describe',
      'configmap',
      'evented',
      '-n',
      namespaceName,
    ]);
    assert.match(describe, /Warning\s+Tested\s+\S+ \(x2 over \S+\)\s+client-e2e\s+something happened/);
    assert.match(describe, /Normal\s+Other\s+\S+\s+client-e2e\s+and something else/);
    await recorder.shutdown();
  });
});
