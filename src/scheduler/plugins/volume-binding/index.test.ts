import assert from 'node:assert/strict';
import test from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { CycleState } from '../../framework/cycle-state.ts';
import type { ClusterReader, PreFilterResult } from '../../framework/interfaces.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { Code, type Status } from '../../framework/status.ts';
import { emptyCluster, filterAll, node, pod, recordingWriter, snapshot } from '../../testing/builders.ts';
import { CLASSES, claim, volume } from '../../testing/storage.ts';
import {
  claimHint,
  csiNodeHint,
  ERR_UNBOUND_IMMEDIATE,
  newVolumeBinding,
  storageClassHint,
  volumeBindingArgs,
} from './index.ts';

/** An informer-like cluster: objects by key, `change()` notifies the subscribers. */
function fakeCluster(claims: PersistentVolumeClaim[], volumes: PersistentVolume[], pods: Pod[]) {
  const listeners = new Set<() => void>();
  const stop = new AbortController();
  const byKey = new Map(claims.map((c) => [c.metadata!.name!, c]));
  const pvs = new Map(volumes.map((v) => [v.metadata!.name!, v]));
  const reader: ClusterReader = {
    ...emptyCluster,
    persistentVolumeClaim: (_ns, name) => byKey.get(name),
    persistentVolume: (name) => pvs.get(name),
    persistentVolumes: () => [...pvs.values()],
    storageClass: (name) => CLASSES.find((c) => c.metadata?.name === name),
    pod: (_ns, name) => pods.find((p) => p.metadata?.name === name),
    onStorageChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    stopped: stop.signal,
  };
  return {
    reader,
    listeners,
    stop: () => {
      stop.abort();
      for (const l of listeners) l();
    },
    setClaim(c: PersistentVolumeClaim) {
      byKey.set(c.metadata!.name!, c);
      for (const l of [...listeners]) l();
    },
    setVolume(v: PersistentVolume) {
      pvs.set(v.metadata!.name!, v);
      for (const l of [...listeners]) l();
    },
  };
}

function podWithClaims(name: string, ...claimNames: string[]): Pod {
  const p = pod(name);
  p.spec!.volumes = claimNames.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } }));
  return p;
}

const NODES = [node('n1'), node('n2')];

test('PreFilter: pods without claims skip the plugin; bad claims are unresolvable with upstream messages', () => {
  const cluster = fakeCluster(
    [claim('imm', { class: 'fast' }), claim('bye', { class: 'local-path', deleting: true })],
    [],
    [],
  );
  const plugin = newVolumeBinding(undefined, { cluster: cluster.reader, writer: recordingWriter() });
  const run = (p: Pod) => plugin.preFilter(new CycleState(), new PodInfo(p), []) as Status;
  assert.equal(run(pod('plain')).code, Code.Skip);
  for (const [claimName, message] of [
    ['missing', 'persistentvolumeclaim "missing" not found'],
    ['bye', 'persistentvolumeclaim "bye" is being deleted'],
    ['imm', ERR_UNBOUND_IMMEDIATE],
  ] as const) {
    const s = run(podWithClaims('p', claimName));
    assert.equal(s.code, Code.UnschedulableAndUnresolvable, claimName);
    assert.equal(s.message(), message);
  }
});

test('PreFilter narrows to the nodes of bound local volumes; Filter reports volume conflicts per node', () => {
  const cluster = fakeCluster(
    [claim('local', { volumeName: 'pv-n1', bound: true }), claim('static', { class: 'manual' })],
    [volume('pv-n1', { claimRef: 'local', hosts: ['n1'] }), volume('free-n2', { hosts: ['n2'] })],
    [],
  );
  const plugin = newVolumeBinding(undefined, { cluster: cluster.reader, writer: recordingWriter() });
  const pre = plugin.preFilter(
    new CycleState(),
    new PodInfo(podWithClaims('p', 'local')),
    [],
  ) as PreFilterResult;
  assert.deepEqual(pre.nodeNames, new Set(['n1']));
  assert.deepEqual(filterAll(plugin, podWithClaims('p', 'static'), snapshot(NODES)), {
    n1: "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    n2: '',
  });
});

test('Reserve assumes the selected node (other pods of the claim follow it); PreBind writes it and waits for the binder', async () => {
  const p = podWithClaims('p', 'data');
  const other = podWithClaims('q', 'data');
  const cluster = fakeCluster([claim('data', { class: 'local-path' })], [], [p, other]);
  const writer = recordingWriter();
  const plugin = newVolumeBinding(undefined, { cluster: cluster.reader, writer });
  const state = new CycleState();
  const info = new PodInfo(p);
  assert.equal(plugin.preFilter(state, info, []), null);
  const nodes = snapshot(NODES).nodeInfoList;
  for (const n of nodes) assert.equal(plugin.filter(state, info, n), null);
  assert.equal(plugin.reserve(state, info, 'n2'), null);
  // Until the API shows the annotation, the scheduler's own decision holds for the shared claim.
  assert.deepEqual(filterAll(plugin, other, snapshot(NODES)), {
    n1: "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    n2: '',
  });

  const bound = plugin.preBind(state, info, 'n2');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(writer.calls, ['select-node data n2']);
  // The binder's work: the annotated claim (as the informer sees it), then the provisioned volume and the binding.
  cluster.setClaim(claim('data', { class: 'local-path', selectedNode: 'n2', rv: '11' }));
  cluster.setVolume(volume('pvc-data', { class: 'local-path', claimRef: 'data', hosts: ['n2'] }));
  const done = claim('data', {
    class: 'local-path',
    selectedNode: 'n2',
    volumeName: 'pvc-data',
    bound: true,
    rv: '12',
  });
  cluster.setClaim(done);
  assert.equal(await bound, null);
  assert.equal(cluster.listeners.size, 0, 'PreBind stops listening');
});

test('PreBind fails (so the pod is retried) when the provisioner gives the claim back, on timeout and on stop', async () => {
  const p = podWithClaims('p', 'data');
  const setup = (args?: unknown) => {
    const cluster = fakeCluster([claim('data', { class: 'local-path' })], [], [p]);
    const plugin = newVolumeBinding(args, { cluster: cluster.reader, writer: recordingWriter() });
    const state = new CycleState();
    const info = new PodInfo(p);
    plugin.preFilter(state, info, []);
    for (const n of snapshot(NODES).nodeInfoList) plugin.filter(state, info, n);
    plugin.reserve(state, info, 'n1');
    return { cluster, bound: plugin.preBind(state, info, 'n1') };
  };

  const given = setup();
  await new Promise((r) => setImmediate(r));
  // The provisioner gave up: it removed the selected node.
  const annotations = { 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' };
  given.cluster.setClaim(claim('data', { class: 'local-path', rv: '12', annotations }));
  const s1 = (await given.bound) as Status;
  assert.equal(s1.code, Code.Error);
  assert.equal(s1.message(), 'binding volumes: provisioning failed for PVC "data"');

  const s2 = (await setup({ bindTimeoutSeconds: 0 }).bound) as Status;
  assert.equal(s2.message(), 'binding volumes: context deadline exceeded');

  const stopping = setup();
  await new Promise((r) => setImmediate(r));
  stopping.cluster.stop();
  assert.equal(((await stopping.bound) as Status).code, Code.Error);
});

test('pods whose claims are all bound need no PreBind writes', async () => {
  const p = podWithClaims('p', 'data');
  const cluster = fakeCluster(
    [claim('data', { volumeName: 'pv', bound: true })],
    [volume('pv', { claimRef: 'data' })],
    [p],
  );
  const writer = recordingWriter();
  const plugin = newVolumeBinding(undefined, { cluster: cluster.reader, writer });
  const state = new CycleState();
  const info = new PodInfo(p);
  assert.equal(plugin.preFilter(state, info, []), null);
  for (const n of snapshot(NODES).nodeInfoList) assert.equal(plugin.filter(state, info, n), null);
  assert.equal(plugin.reserve(state, info, 'n1'), null);
  assert.equal(await plugin.preBind(state, info, 'n1'), null);
  assert.deepEqual(writer.calls, []);
});

test('queueing hints: the pod’s own claims, new classes or changed topologies, CSINode migrations', () => {
  const p = podWithClaims('p', 'data');
  assert.equal(claimHint(p, undefined, claim('data')), 'Queue');
  assert.equal(claimHint(p, undefined, claim('other')), 'QueueSkip');
  const [sc] = CLASSES;
  assert.equal(storageClassHint(p, undefined, sc), 'Queue');
  assert.equal(storageClassHint(p, sc, { ...sc, allowedTopologies: [] }), 'QueueSkip');
  assert.equal(
    storageClassHint(p, sc, {
      ...sc,
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }],
    }),
    'Queue',
  );
  const csiNode = (plugins?: string) => ({
    metadata: {
      name: 'n1',
      annotations: plugins ? { 'storage.alpha.kubernetes.io/migrated-plugins': plugins } : {},
    },
  });
  assert.equal(csiNodeHint(p, undefined, csiNode()), 'Queue');
  assert.equal(csiNodeHint(p, csiNode('a'), csiNode('a')), 'QueueSkip');
  assert.equal(csiNodeHint(p, csiNode('a'), csiNode('a,b')), 'Queue');
});

test('args: bindTimeoutSeconds defaults to 600 and may not be negative', () => {
  assert.deepEqual(volumeBindingArgs(undefined), { bindTimeoutSeconds: 600 });
  assert.deepEqual(volumeBindingArgs({ bindTimeoutSeconds: 30 }), { bindTimeoutSeconds: 30 });
  assert.throws(() => volumeBindingArgs({ bindTimeoutSeconds: -1 }), /should not be a negative value/);
});
