import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { nodeStrategy as s } from './node.ts';

const meta = {
  name: 'node-1',
  creationTimestamp: '2025-05-30T12:00:00Z',
  labels: { 'node-role.kubernetes.io/control-plane': '' },
};
const status = {
  capacity: { cpu: '2', memory: '8Gi', pods: '110' },
  conditions: [{ type: 'Ready', status: 'True' }],
  addresses: [
    { type: 'InternalIP', address: '10.0.0.5' },
    { type: 'Hostname', address: 'node-1' },
  ],
  nodeInfo: {
    kubeletVersion: 'v1.32.4-kts.1',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: '6.1.0-18-amd64',
    containerRuntimeVersion: 'containerd://1.7.24',
  } as any,
};

checkStrategy(s, {
  valid: { metadata: meta, spec: { podCIDR: '10.42.0.0/24' }, status },
  alsoValid: [
    {
      metadata: { name: 'n2' },
      spec: { podCIDRs: ['10.42.1.0/24', 'fd00::/64'], taints: [{ key: 'a', effect: 'NoSchedule' }] },
    },
  ],
  keepsStatusOnCreate: true,
  status: { ...status, conditions: [{ type: 'Ready', status: 'False' }] },
});

test('nodes: create keeps status; allocatable defaults to capacity; podCIDR mirrors podCIDRs', () => {
  const n = prepared(s, { metadata: meta, spec: { podCIDR: '10.42.0.0/24' }, status });
  assert.deepEqual(n.status?.allocatable, status.capacity);
  assert.deepEqual(n.spec?.podCIDRs, ['10.42.0.0/24']);
  assert.equal(n.status?.nodeInfo?.kubeletVersion, 'v1.32.4-kts.1');
});

test('nodes: taints, CIDRs and quantities', () => {
  const errs = s.validate!(
    prepared(s, {
      metadata: { name: 'n' },
      spec: {
        podCIDRs: ['10.0.0.0/24', '10.0.1.0/24'],
        taints: [
          { key: 'a', effect: 'NoSchedule' },
          { key: 'a', effect: 'NoSchedule' },
          { key: 'b', effect: 'Sometimes' },
        ],
      },
      status: { capacity: { cpu: '-1', pods: '1.5' } },
    }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail ?? e.type}`),
    [
      'metadata.taints[1]: taints must be unique by key and effect pair',
      'metadata.taints[2].effect: FieldValueNotSupported',
      'status.capacity.cpu: must be greater than or equal to 0',
      'status.capacity.pods: must be an integer',
      'status.allocatable.cpu: must be greater than or equal to 0',
      'status.allocatable.pods: must be an integer',
      'spec.podCIDRs: may specify no more than one CIDR for each IP family',
    ],
  );
});

test('nodes: podCIDRs and providerID are set once', () => {
  const old = prepared(s, {
    metadata: meta,
    spec: { podCIDRs: ['10.42.0.0/24'], providerID: 'kts://node-1' },
  });
  const next = structuredClone(old);
  next.spec = { podCIDRs: ['10.42.9.0/24'], podCIDR: '10.42.9.0/24', providerID: 'kts://other' };
  s.prepareForUpdate!(next, old, CTX);
  assert.deepEqual(
    s.validateUpdate!(next, old).map((e) => e.field),
    ['spec.podCIDRs', 'spec.providerID'],
  );
  const fresh = prepared(s, { metadata: meta });
  const assign = structuredClone(fresh);
  assign.spec = { podCIDRs: ['10.42.0.0/24'] };
  assert.deepEqual(s.validateUpdate!(assign, fresh), []);
});

test('nodes: table with roles, status and wide columns', () => {
  const n = prepared(s, { metadata: meta, spec: { unschedulable: true }, status });
  assert.deepEqual(s.table!.row(n, NOW), [
    'node-1',
    'Ready,SchedulingDisabled',
    'control-plane',
    '2d',
    'v1.32.4-kts.1',
    '10.0.0.5',
    '<none>',
    'Debian GNU/Linux 12 (bookworm)',
    '6.1.0-18-amd64',
    'containerd://1.7.24',
  ]);
  const bare = prepared(s, { metadata: { name: 'x' } });
  assert.deepEqual(s.table!.row(bare, NOW).slice(1, 3), ['Unknown', '<none>']);
  assert.deepEqual(s.selectableFields!(n), { 'spec.unschedulable': 'true' });
});
