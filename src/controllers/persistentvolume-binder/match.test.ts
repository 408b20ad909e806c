import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  Node,
  NodeSelectorTerm,
  PersistentVolume,
  PersistentVolumeClaim,
} from 'kubernetes-types/core/v1.d.ts';
import {
  boundClaim,
  boundClaimStatus,
  boundVolume,
  findMatchingVolume,
  selectedNodeLabels,
  volumeFitsNode,
  volumePhase,
} from './match.ts';

const pv = (
  name: string,
  size: string,
  o: {
    modes?: string[];
    sc?: string;
    labels?: Record<string, string>;
    claimRef?: PersistentVolume['spec'] extends infer S
      ? S extends { claimRef?: infer C }
        ? C
        : never
      : never;
    phase?: string;
    node?: string;
    affinity?: NodeSelectorTerm[];
    mode?: string;
  } = {},
): PersistentVolume => ({
  metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    capacity: { storage: size },
    accessModes: o.modes ?? ['ReadWriteOnce'],
    ...(o.sc !== undefined ? { storageClassName: o.sc } : {}),
    ...(o.claimRef ? { claimRef: o.claimRef } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
    ...(o.node
      ? {
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.node] }] },
              ],
            },
          },
        }
      : {}),
    ...(o.affinity ? { nodeAffinity: { required: { nodeSelectorTerms: o.affinity } } } : {}),
  },
  status: { phase: o.phase ?? 'Available' },
});
const claim = (
  size: string,
  o: { modes?: string[]; sc?: string; selector?: Record<string, string>; name?: string } = {},
): PersistentVolumeClaim => ({
  metadata: { name: o.name ?? 'data', namespace: 'ns', uid: `uid-${o.name ?? 'data'}`, resourceVersion: '7' },
  spec: {
    accessModes: o.modes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(o.sc !== undefined ? { storageClassName: o.sc } : {}),
    ...(o.selector ? { selector: { matchLabels: o.selector } } : {}),
  },
});

test('findMatchingVolume: the smallest volume that fits every constraint', () => {
  const volumes = [
    pv('small', '1Gi', { sc: 'manual', labels: { tier: 'fast' } }),
    pv('medium', '5Gi', { sc: 'manual' }),
    pv('large', '10Gi', { sc: 'manual', modes: ['ReadWriteOnce', 'ReadWriteMany'] }),
    pv('other-class', '2Gi', { sc: 'gold' }),
    pv('taken', '2Gi', { sc: 'manual', claimRef: { name: 'someone', namespace: 'ns', uid: 'x' } }),
    pv('released', '2Gi', { sc: 'manual', phase: 'Released' }),
    pv('block', '2Gi', { sc: 'manual', mode: 'Block' }),
  ];
  const name = (c: PersistentVolumeClaim) => findMatchingVolume(c, volumes)?.metadata?.name;
  assert.equal(name(claim('2Gi', { sc: 'manual' })), 'medium');
  assert.equal(name(claim('500Mi', { sc: 'manual' })), 'small');
  assert.equal(name(claim('1Gi', { sc: 'manual', modes: ['ReadWriteMany'] })), 'large');
  assert.equal(name(claim('1Gi', { sc: 'manual', selector: { tier: 'fast' } })), 'small');
  assert.equal(name(claim('2Gi', { sc: 'manual', selector: { tier: 'fast' } })), undefined);
  assert.equal(name(claim('20Gi', { sc: 'manual' })), undefined);
  assert.equal(name(claim('1Gi', { sc: 'gold' })), 'other-class');
  assert.equal(name(claim('1Gi')), undefined, 'a claim without class only takes class-less volumes');
  // A volume reserved for the claim by name wins over any other.
  const reserved = [
    ...volumes,
    pv('mine', '100Gi', { sc: 'manual', claimRef: { name: 'data', namespace: 'ns' } }),
  ];
  assert.equal(findMatchingVolume(claim('1Gi', { sc: 'manual' }), reserved)?.metadata?.name, 'mine');
});

test('binding marks both sides; volume phases follow the claim', () => {
  const c = claim('2Gi', { sc: 'manual' });
  const v = boundVolume(pv('medium', '5Gi', { sc: 'manual' }), c);
  assert.deepEqual(v.spec?.claimRef, {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: 'ns',
    name: 'data',
    uid: 'uid-data',
    resourceVersion: '7',
  });
  assert.equal(v.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  const bc = boundClaim(c, v);
  assert.equal(bc.spec?.volumeName, 'medium');
  assert.deepEqual(bc.metadata?.annotations, {
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
  });
  assert.deepEqual(boundClaimStatus(v), {
    phase: 'Bound',
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '5Gi' },
  });
  assert.equal(volumePhase(v, bc), 'Bound');
  assert.equal(volumePhase(v, c), undefined, 'the claim has not taken it yet');
  assert.equal(volumePhase(v, undefined), 'Released');
  assert.equal(volumePhase(pv('free', '1Gi'), undefined), 'Available');
  assert.equal(volumePhase(v, { ...bc, metadata: { ...bc.metadata, uid: 'other' } }), 'Released');
});

const nodes: Record<string, Node> = {
  'node-1': {
    metadata: {
      name: 'node-1',
      labels: {
        'kubernetes.io/hostname': 'node-1',
        'topology.kubernetes.io/zone': 'zone-a',
        'topology.kubernetes.io/region': 'eu',
        disk: 'ssd',
      },
    },
  },
  'node-2': {
    metadata: {
      name: 'node-2',
      labels: {
        'kubernetes.io/hostname': 'node-2',
        'topology.kubernetes.io/zone': 'zone-b',
        'topology.kubernetes.io/region': 'eu',
        'rack-units': '12',
      },
    },
  },
};
const expr = (key: string, operator: string, ...values: string[]): NodeSelectorTerm => ({
  matchExpressions: [{ key, operator, ...(values.length ? { values } : {}) }],
});
const zoneA = expr('topology.kubernetes.io/zone', 'In', 'zone-a');
const affinityVolumes = [
  pv('zone-a', '1Gi', { sc: 'local', affinity: [zoneA] }),
  pv('zone-b', '2Gi', { sc: 'local', affinity: [expr('topology.kubernetes.io/zone', 'In', 'zone-b')] }),
  pv('region-eu', '3Gi', { sc: 'local', affinity: [expr('topology.kubernetes.io/region', 'In', 'eu')] }),
  pv('host-2', '4Gi', { sc: 'local', node: 'node-2' }),
  pv('no-ssd', '5Gi', { sc: 'local', affinity: [expr('disk', 'DoesNotExist')] }),
  pv('big-racks', '6Gi', { sc: 'local', affinity: [expr('rack-units', 'Gt', '10')] }),
  pv('by-name', '7Gi', {
    sc: 'local',
    affinity: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }],
  }),
  pv('either', '8Gi', {
    sc: 'local',
    affinity: [expr('disk', 'In', 'hdd'), expr('topology.kubernetes.io/zone', 'NotIn', 'zone-b')],
  }),
  pv('anywhere', '9Gi', { sc: 'local' }),
];

test('volumeFitsNode: the volume node affinity against the selected node labels', () => {
  const fits = (node: Node | undefined) =>
    affinityVolumes.filter((v) => volumeFitsNode(v, selectedNodeLabels(node))).map((v) => v.metadata?.name);
  assert.deepEqual(fits(nodes['node-1']), ['zone-a', 'region-eu', 'either', 'anywhere']);
  assert.deepEqual(fits(nodes['node-2']), [
    'zone-b',
    'region-eu',
    'host-2',
    'no-ssd',
    'big-racks',
    'anywhere',
  ]);
  // A selected node that does not exist has no labels: only unconstrained volumes fit, the
  // hostname is not guessed from the node name, a metadata.name field term never matches, and
  // NotIn admits a missing label.
  assert.deepEqual(fits(undefined), ['no-ssd', 'either', 'anywhere']);
});

test('findMatchingVolume: a delayed claim with a selected node takes the smallest volume its node admits', () => {
  const cases: { node: Node | undefined; size: string; want: string | undefined }[] = [
    { node: nodes['node-1'], size: '1Gi', want: 'zone-a' },
    { node: nodes['node-1'], size: '2Gi', want: 'region-eu' },
    { node: nodes['node-1'], size: '4Gi', want: 'either' },
    { node: nodes['node-2'], size: '1Gi', want: 'zone-b' },
    { node: nodes['node-2'], size: '4Gi', want: 'host-2' },
    { node: nodes['node-2'], size: '7Gi', want: 'anywhere' },
    { node: undefined, size: '1Gi', want: 'no-ssd' },
    { node: nodes['node-1'], size: '10Gi', want: undefined },
  ];
  for (const { node, size, want } of cases) {
    const got = findMatchingVolume(claim(size, { sc: 'local' }), affinityVolumes, {
      delayBinding: true,
      nodeLabels: selectedNodeLabels(node),
    });
    assert.equal(got?.metadata?.name, want, `${node?.metadata?.name ?? 'missing node'}, ${size}`);
  }
  // Immediate binding (upstream's controller path): node affinity is the scheduler's concern.
  assert.equal(findMatchingVolume(claim('1Gi', { sc: 'local' }), affinityVolumes)?.metadata?.name, 'zone-a');
});

test('findMatchingVolume: volumes pre-bound to a claim whose binding waits for a consumer', () => {
  const mine = { name: 'data', namespace: 'ns' };
  const cases: {
    why: string;
    volumes: PersistentVolume[];
    nodeLabels?: Record<string, string>;
    want: string | undefined;
  }[] = [
    {
      why: 'without a selected node, a volume pre-bound to the claim is bound',
      volumes: [pv('free', '1Gi', { sc: 'local' }), pv('mine', '5Gi', { sc: 'local', claimRef: mine })],
      want: 'mine',
    },
    {
      why: 'with the claim uid too',
      volumes: [pv('mine', '5Gi', { sc: 'local', claimRef: { ...mine, uid: 'uid-data' } })],
      want: 'mine',
    },
    {
      why: 'class and selector are the user choice when pre-binding',
      volumes: [pv('mine', '5Gi', { sc: 'other', claimRef: mine })],
      want: 'mine',
    },
    {
      why: 'without a selected node, unbound volumes wait for the scheduler',
      volumes: [pv('free', '1Gi', { sc: 'local' })],
      want: undefined,
    },
    {
      why: 'a pre-bound volume too small is no match',
      volumes: [pv('mine', '100Mi', { sc: 'local', claimRef: mine })],
      want: undefined,
    },
    {
      why: 'a volume pre-bound to another claim (or another uid) is no match',
      volumes: [
        pv('theirs', '5Gi', { sc: 'local', claimRef: { name: 'other', namespace: 'ns' } }),
        pv('old', '5Gi', { sc: 'local', claimRef: { ...mine, uid: 'uid-old' } }),
      ],
      want: undefined,
    },
    {
      why: 'a pre-bound volume is bound whatever the selected node (the scheduler or provisioner chose it)',
      volumes: [
        pv('free', '1Gi', { sc: 'local' }),
        pv('mine', '5Gi', { sc: 'local', claimRef: mine, affinity: [zoneA] }),
      ],
      nodeLabels: selectedNodeLabels(nodes['node-2']),
      want: 'mine',
    },
    {
      why: 'a provisioned volume is bound though its node is gone',
      volumes: [pv('mine', '5Gi', { sc: 'local', claimRef: mine, node: 'node-9' })],
      nodeLabels: selectedNodeLabels(undefined),
      want: 'mine',
    },
    {
      why: 'a pre-bound volume the selected node reaches',
      volumes: [
        pv('free', '1Gi', { sc: 'local' }),
        pv('mine', '5Gi', { sc: 'local', claimRef: mine, affinity: [zoneA] }),
      ],
      nodeLabels: selectedNodeLabels(nodes['node-1']),
      want: 'mine',
    },
  ];
  for (const { why, volumes, nodeLabels, want } of cases) {
    const got = findMatchingVolume(claim('1Gi', { sc: 'local' }), volumes, {
      delayBinding: true,
      ...(nodeLabels ? { nodeLabels } : {}),
    });
    assert.equal(got?.metadata?.name, want, why);
  }
});
