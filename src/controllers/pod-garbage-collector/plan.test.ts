import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  AbsentNodes,
  podsOnUnknownNodes,
  terminatedToDelete,
  terminatingOnOutOfServiceNodes,
  unscheduledTerminating,
} from './plan.ts';

const pod = (
  name: string,
  o: { phase?: string; reason?: string; created?: string; node?: string; deleting?: boolean } = {},
): Pod => ({
  metadata: {
    name,
    creationTimestamp: o.created ?? '2024-01-01T00:00:00Z',
    ...(o.deleting ? { deletionTimestamp: '2024-01-01T01:00:00Z' } : {}),
  },
  spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
  status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
});
const names = (ps: Pod[]) => ps.map((p) => p.metadata?.name);

test('terminatedToDelete: only the excess over the threshold, evicted then oldest first', () => {
  const pods = [
    pod('running', { created: '2023-01-01T00:00:00Z' }),
    pod('old', { phase: 'Succeeded', created: '2024-01-01T00:00:00Z' }),
    pod('older', { phase: 'Failed', created: '2023-06-01T00:00:00Z' }),
    pod('evicted', { phase: 'Failed', reason: 'Evicted', created: '2024-06-01T00:00:00Z' }),
    pod('new', { phase: 'Succeeded', created: '2024-12-01T00:00:00Z' }),
  ];
  assert.deepEqual(names(terminatedToDelete(pods, 2)), ['evicted', 'older']);
  assert.deepEqual(names(terminatedToDelete(pods, 4)), []);
  assert.deepEqual(names(terminatedToDelete(pods, 0)), []);
});

test('orphans, unscheduled terminating, out-of-service', () => {
  const pods = [
    pod('a', { node: 'gone' }),
    pod('b', { node: 'here' }),
    pod('c', { node: 'gone' }),
    pod('d', { deleting: true }),
    pod('e', { node: 'oos', deleting: true }),
  ];
  assert.deepEqual(
    [...podsOnUnknownNodes(pods, (n) => n !== 'gone')].map(([n, ps]) => [n, names(ps)]),
    [['gone', ['a', 'c']]],
  );
  assert.deepEqual(names(unscheduledTerminating(pods)), ['d']);
  const oos: Node = {
    metadata: { name: 'oos' },
    spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
    status: { conditions: [{ type: 'Ready', status: 'False' }] },
  };
  assert.deepEqual(names(terminatingOnOutOfServiceNodes(pods, (n) => (n === 'oos' ? oos : undefined))), [
    'e',
  ]);
});

test('AbsentNodes: confirmed after the quarantine, reset when the node reappears', () => {
  const a = new AbsentNodes();
  assert.deepEqual(a.update(['x'], 0, 1000), []);
  assert.deepEqual(a.update(['x'], 999, 1000), []);
  assert.deepEqual(a.update(['x'], 1000, 1000), ['x']);
  assert.deepEqual(a.update([], 1500, 1000), []);
  assert.deepEqual(a.update(['x'], 2000, 1000), []);
});
