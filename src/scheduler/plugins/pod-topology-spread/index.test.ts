import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import {
  emptyCluster,
  filterAll,
  node,
  pod,
  scoreAll,
  snapshot,
  testHandle,
} from '../../testing/builders.ts';
import { newPodTopologySpread } from './index.ts';

const SKEW = "Unschedulable: node(s) didn't match pod topology spread constraints";
const LABEL =
  "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

const spread = (o: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: 'zone',
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...o,
});
const web = (name: string, nodeName: string, labels: Record<string, string> = { app: 'web' }) =>
  pod(name, { node: nodeName, labels });

function run(
  constraints: TopologySpreadConstraint[],
  nodes: ReturnType<typeof node>[],
  existing: ReturnType<typeof pod>[],
  extra: Parameters<typeof pod>[1] = {},
) {
  const snap = snapshot(nodes, existing);
  const p = pod('p', { labels: { app: 'web' }, spread: constraints, ...extra });
  return filterAll(newPodTopologySpread(undefined, testHandle(snap)), p, snap);
}

const abc = () => [
  node('n1', { labels: { zone: 'a' } }),
  node('n2', { labels: { zone: 'a' } }),
  node('n3', { labels: { zone: 'b' } }),
];

test('PodTopologySpread: maxSkew against the least loaded zone', () => {
  assert.deepEqual(run([spread()], abc(), [web('w1', 'n1'), web('w2', 'n2')]), {
    n1: SKEW,
    n2: SKEW,
    n3: '',
  });
  assert.deepEqual(run([spread({ maxSkew: 3 })], abc(), [web('w1', 'n1'), web('w2', 'n2')]), {
    n1: '',
    n2: '',
    n3: '',
  });
  // Terminating and non-matching pods do not count.
  assert.deepEqual(
    run([spread()], abc(), [
      pod('t', { node: 'n1', labels: { app: 'web' }, terminating: true }),
      web('o', 'n2', { app: 'db' }),
    ]),
    {
      n1: '',
      n2: '',
      n3: '',
    },
  );
});

test('PodTopologySpread: nodes without the topology label are unresolvable', () => {
  assert.deepEqual(run([spread()], [...abc(), node('n4')], []), { n1: '', n2: '', n3: '', n4: LABEL });
});

test('PodTopologySpread: minDomains treats the global minimum as 0 while domains are missing', () => {
  const existing = [web('w1', 'n1'), web('w3', 'n3')];
  assert.deepEqual(run([spread()], abc(), existing), { n1: '', n2: '', n3: '' });
  assert.deepEqual(run([spread({ minDomains: 3 })], abc(), existing), { n1: SKEW, n2: SKEW, n3: SKEW });
  // With a third zone (empty) the domains exist and the minimum is 0 anyway.
  const four = [...abc(), node('n4', { labels: { zone: 'c' } })];
  assert.deepEqual(run([spread({ minDomains: 3 })], four, existing), {
    n1: SKEW,
    n2: SKEW,
    n3: SKEW,
    n4: '',
  });
});

test('PodTopologySpread: nodeAffinityPolicy Honor counts only domains of nodes the pod could use', () => {
  const existing = [web('w1', 'n1')];
  // Honor (default): zone b is excluded by the pod's nodeSelector, so zone a (1 pod) is the minimum.
  assert.deepEqual(run([spread()], abc(), existing, { nodeSelector: { zone: 'a' } }), {
    n1: '',
    n2: '',
    n3: '',
  });
  // Ignore: empty zone b counts, zone a would be 2 - 0 > 1.
  assert.deepEqual(
    run([spread({ nodeAffinityPolicy: 'Ignore' })], abc(), existing, { nodeSelector: { zone: 'a' } }),
    {
      n1: SKEW,
      n2: SKEW,
      n3: '',
    },
  );
});

test('PodTopologySpread: nodeTaintsPolicy Honor leaves out tainted nodes the pod does not tolerate', () => {
  const taint: Taint = { key: 'dedicated', effect: 'NoSchedule' };
  const nodes = [
    node('n1', { labels: { zone: 'a' } }),
    node('n3', { labels: { zone: 'b' }, taints: [taint] }),
  ];
  const existing = [web('w1', 'n1')];
  assert.deepEqual(run([spread()], nodes, existing), { n1: SKEW, n3: '' });
  assert.deepEqual(run([spread({ nodeTaintsPolicy: 'Honor' })], nodes, existing), { n1: '', n3: '' });
});

test('PodTopologySpread: matchLabelKeys narrow the selector to pods with the same values', () => {
  const existing = [
    web('w1', 'n1', { app: 'web', version: 'v1' }),
    web('w2', 'n2', { app: 'web', version: 'v1' }),
  ];
  const constraint = spread({ matchLabelKeys: ['version'] });
  assert.deepEqual(run([constraint], abc(), existing, { labels: { app: 'web', version: 'v2' } }), {
    n1: '',
    n2: '',
    n3: '',
  });
  assert.deepEqual(run([constraint], abc(), existing, { labels: { app: 'web', version: 'v1' } }), {
    n1: SKEW,
    n2: SKEW,
    n3: '',
  });
});

test('PodTopologySpread scoring: ScheduleAnyway prefers the emptier domain', () => {
  const snap = snapshot(abc(), [web('w1', 'n1'), web('w2', 'n2')]);
  const p = pod('p', { labels: { app: 'web' }, spread: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] });
  const pts = newPodTopologySpread(undefined, testHandle(snap));
  // zone a: 2 pods × log(4) ≈ 2.77 → 3; zone b: 0 → normalized: a 0, b 100.
  assert.deepEqual(scoreAll(pts, p, snap), { n1: 0, n2: 0, n3: 100 });
});

test('PodTopologySpread: system default constraints spread pods selected by a service', () => {
  const nodes = [
    node('n1', { labels: { 'topology.kubernetes.io/zone': 'a' } }),
    node('n2', { labels: { 'topology.kubernetes.io/zone': 'b' } }),
  ];
  const existing = [web('w1', 'n1'), web('w2', 'n1'), web('w3', 'n1')];
  const snap = snapshot(nodes, existing);
  const service: Service = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' } },
  };
  const cluster = { ...emptyCluster, services: (ns: string) => (ns === 'default' ? [service] : []) };
  const pts = newPodTopologySpread(undefined, testHandle(snap, cluster));
  const scores = scoreAll(pts, pod('p', { labels: { app: 'web' } }), snap);
  assert.ok(scores.n2! > scores.n1!, JSON.stringify(scores));
  // A pod no service or controller selects gets no default constraints.
  assert.deepEqual(scoreAll(pts, pod('p', { labels: { app: 'lonely' } }), snap), { n1: 0, n2: 0 });
});

test('PodTopologySpread: under system defaults a node without a zone counts in the zone "" for the weights', () => {
  // As upstream's topology pairs: the zone constraint sees three domains (a, b and ""), which
  // weighs zone counts by log(5) rather than log(4); n3 itself is scored by hostname only.
  const nodes = [
    node('n1', { labels: { 'topology.kubernetes.io/zone': 'a' } }),
    node('n2', { labels: { 'topology.kubernetes.io/zone': 'b' } }),
    node('n3'),
  ];
  const snap = snapshot(nodes, [web('w1', 'n1'), web('w2', 'n1'), web('w3', 'n1'), web('w4', 'n3')]);
  const service: Service = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' } },
  };
  const cluster = { ...emptyCluster, services: (ns: string) => (ns === 'default' ? [service] : []) };
  const pts = newPodTopologySpread(undefined, testHandle(snap, cluster));
  // Raw: n1 round(3·ln5 + 2 + 3·ln5 + 4) = 16, n2 2 + 4 = 6, n3 round(ln5 + 2) = 4.
  assert.deepEqual(scoreAll(pts, pod('p', { labels: { app: 'web' } }), snap), { n1: 25, n2: 87, n3: 100 });
});

test('PodTopologySpread args', () => {
  assert.throws(
    () =>
      newPodTopologySpread(
        { defaultingType: 'System', defaultConstraints: [spread()] },
        testHandle(snapshot([])),
      ),
    /must be empty/,
  );
});

test('PodTopologySpread scoring: scoreNodes equals scoring node by node on varied clusters', () => {
  // A deterministic generator, so a failure reproduces.
  let seed = 17;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const service: Service = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' } },
  };
  const cluster = { ...emptyCluster, services: (ns: string) => (ns === 'default' ? [service] : []) };
  for (let trial = 0; trial < 30; trial++) {
    // Some nodes lack the zone or the region (ignored when every key is required, in the zone
    // "" under the system defaults); pods of several apps spread unevenly.
    const nodes = Array.from({ length: 3 + Math.floor(random() * 12) }, (_, i) => {
      const labels: Record<string, string> = {};
      if (random() < 0.8) labels['topology.kubernetes.io/zone'] = `z${Math.floor(random() * 4)}`;
      if (random() < 0.7) labels.region = `r${Math.floor(random() * 2)}`;
      return node(`n${i}`, { labels });
    });
    const pods = Array.from({ length: Math.floor(random() * 30) }, (_, i) =>
      web(`w${i}`, `n${Math.floor(random() * nodes.length)}`, { app: random() < 0.7 ? 'web' : 'db' }),
    );
    const snap = snapshot(nodes, pods);
    const pts = newPodTopologySpread(undefined, testHandle(snap, cluster));
    const anyway = (topologyKey: string) =>
      spread({ topologyKey, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 1 + Math.floor(random() * 3) });
    const explicit = pod('p', {
      labels: { app: 'web' },
      spread: [anyway('topology.kubernetes.io/zone'), anyway('kubernetes.io/hostname'), anyway('region')],
    });
    // scoreAll asserts that the one-pass scoreNodes gives exactly the per-node scores.
    scoreAll(pts, explicit, snap);
    scoreAll(pts, pod('p', { labels: { app: 'web' } }), snap);
    const some = snap.nodeInfoList.filter(() => random() < 0.6);
    if (some.length > 0) scoreAll(pts, explicit, snap, some);
  }
});
