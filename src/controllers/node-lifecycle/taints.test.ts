import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Taint } from 'kubernetes-types/core/v1.d.ts';
import { desiredTaints, noScheduleTaintKeys } from './taints.ts';

const node = (conditions: [string, string][], taints: Taint[] = [], unschedulable = false): Node => ({
  metadata: { name: 'n' },
  spec: { taints, unschedulable },
  status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
});
const NOW = '2024-01-01T00:00:00Z';
const keys = (ts: Taint[]) => ts.map((t) => `${t.key}:${t.effect}`).sort();

test('noScheduleTaintKeys mirrors conditions and unschedulable', () => {
  assert.deepEqual(
    noScheduleTaintKeys(
      node(
        [
          ['Ready', 'True'],
          ['MemoryPressure', 'True'],
          ['DiskPressure', 'False'],
        ],
        [],
        true,
      ),
    ),
    ['node.kubernetes.io/memory-pressure', 'node.kubernetes.io/unschedulable'],
  );
  assert.deepEqual(
    noScheduleTaintKeys(
      node([
        ['Ready', 'Unknown'],
        ['PIDPressure', 'True'],
        ['NetworkUnavailable', 'True'],
      ]),
    ),
    [
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/pid-pressure',
      'node.kubernetes.io/network-unavailable',
    ],
  );
});

test('desiredTaints: unreachable and not-ready swap, recovery removes them, user taints stay', () => {
  const user: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
  const unknown = desiredTaints(node([['Ready', 'Unknown']], [user]), 'Unknown', true, NOW);
  assert.equal(unknown.changed, true);
  assert.deepEqual(keys(unknown.taints), [
    'dedicated:NoExecute',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/unreachable:NoSchedule',
  ]);
  assert.equal(
    unknown.taints.find((t) => t.effect === 'NoExecute' && t.key.startsWith('node.'))!.timeAdded,
    NOW,
  );
  // Same state again: nothing to write, timeAdded kept.
  const again = desiredTaints(
    node([['Ready', 'Unknown']], unknown.taints),
    'Unknown',
    true,
    '2024-01-01T00:05:00Z',
  );
  assert.equal(again.changed, false);
  const notReady = desiredTaints(node([['Ready', 'False']], unknown.taints), 'False', true, NOW);
  assert.deepEqual(keys(notReady.taints), [
    'dedicated:NoExecute',
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/not-ready:NoSchedule',
  ]);
  const healed = desiredTaints(node([['Ready', 'True']], notReady.taints), 'True', true, NOW);
  assert.deepEqual(keys(healed.taints), ['dedicated:NoExecute']);
});

test('desiredTaints: without a Ready condition NoExecute taints are left alone, NoSchedule ones follow conditions', () => {
  const t: Taint[] = [
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  ];
  const r = desiredTaints(node([], t), undefined, false, NOW);
  assert.deepEqual(keys(r.taints), ['node.kubernetes.io/not-ready:NoExecute']);
});
