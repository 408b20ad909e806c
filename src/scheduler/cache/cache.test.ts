import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodInfo } from '../framework/pod-info.ts';
import { node, pod } from '../testing/builders.ts';
import { Cache } from './cache.ts';
import { NodeTree } from './node-tree.ts';
import { Snapshot } from './snapshot.ts';

const zoned = (name: string, zone: string) => node(name, { labels: { 'topology.kubernetes.io/zone': zone } });

test('node tree lists nodes round-robin across zones', () => {
  const t = new NodeTree();
  for (const [n, z] of [
    ['a1', 'a'],
    ['a2', 'a'],
    ['a3', 'a'],
    ['b1', 'b'],
    ['c1', 'c'],
    ['c2', 'c'],
  ] as const)
    t.add(n, { 'topology.kubernetes.io/zone': z });
  assert.deepEqual(t.list(), ['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  t.remove('b1', { 'topology.kubernetes.io/zone': 'b' });
  assert.deepEqual(t.list(), ['a1', 'c1', 'a2', 'c2', 'a3']);
  // Removing a node keeps the order of the others in its zone (as upstream's nodeTree).
  t.remove('a1', { 'topology.kubernetes.io/zone': 'a' });
  assert.deepEqual(t.list(), ['a2', 'c1', 'a3', 'c2']);
});

test('cache: an assumed pod counts at once, is confirmed by the informer, or forgotten', () => {
  const c = new Cache();
  c.addNode(node('n1', { cpu: '4' }));
  const s = new Snapshot();
  const p = pod('p', { cpu: '1' });
  c.assumePod(new PodInfo(p).assumedOn('n1'));
  c.updateSnapshot(s);
  assert.equal(s.get('n1')!.requested.milliCPU, 1000);
  assert.ok(c.isAssumedPod('default/p'));
  assert.throws(() => c.assumePod(new PodInfo(p).assumedOn('n1')), /can't be assumed/);

  // The informer reports the pod bound: no longer assumed, still counted once.
  c.addPod({ ...p, spec: { ...p.spec!, nodeName: 'n1' } });
  assert.ok(!c.isAssumedPod('default/p'));
  assert.equal(s.get('n1')!.requested.milliCPU, 1000);
  assert.equal(s.get('n1')!.pods.length, 1);

  const q = pod('q', { cpu: '2' });
  c.assumePod(new PodInfo(q).assumedOn('n1'));
  assert.equal(s.get('n1')!.requested.milliCPU, 3000);
  c.forgetPod('default/q');
  assert.equal(s.get('n1')!.requested.milliCPU, 1000);
});

test('cache: pods may arrive before their node; removed nodes leave the snapshot', () => {
  const c = new Cache();
  c.addPod(pod('early', { node: 'n2', cpu: '1' }));
  c.addNode(zoned('n1', 'a'));
  c.addNode(zoned('n2', 'b'));
  const s = new Snapshot();
  c.updateSnapshot(s);
  assert.deepEqual(
    s.nodeInfoList.map((n) => n.name),
    ['n1', 'n2'],
  );
  assert.equal(s.get('n2')!.requested.milliCPU, 1000);
  c.removeNode(zoned('n1', 'a'));
  c.updateSnapshot(s);
  assert.deepEqual(
    s.nodeInfoList.map((n) => n.name),
    ['n2'],
  );
});

test('cache: the affinity lists follow pods with affinity terms', () => {
  const c = new Cache();
  c.addNode(node('n1'));
  c.addNode(node('n2'));
  const anti = pod('anti', {
    node: 'n2',
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { a: 'b' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  });
  c.addPod(anti);
  const s = new Snapshot();
  c.updateSnapshot(s);
  assert.deepEqual(
    s.havePodsWithRequiredAntiAffinityList.map((n) => n.name),
    ['n2'],
  );
  assert.deepEqual(
    s.havePodsWithAffinityList.map((n) => n.name),
    ['n2'],
  );
  c.removePod(anti);
  c.updateSnapshot(s);
  assert.deepEqual(s.havePodsWithRequiredAntiAffinityList, []);
});

test('node memo: recomputed only after the node changed', () => {
  const c = new Cache();
  c.addNode(node('n1'));
  const s = new Snapshot();
  c.updateSnapshot(s);
  const ni = s.get('n1')!;
  let computed = 0;
  const count = () =>
    ni.memo('k', (n) => {
      computed++;
      return n.pods.length;
    });
  assert.equal(count(), 0);
  assert.equal(count(), 0);
  assert.equal(computed, 1);
  c.addPod(pod('p', { node: 'n1' }));
  assert.equal(count(), 1);
  assert.equal(computed, 2);
});
