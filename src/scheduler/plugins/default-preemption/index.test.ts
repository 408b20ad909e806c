import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import { CycleState } from '../../framework/cycle-state.ts';
import { NodeToStatus } from '../../framework/interfaces.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { Code, unresolvable } from '../../framework/status.ts';
import { emptyCluster, node, pod, recordingWriter, snapshot, testHandle } from '../../testing/builders.ts';
import { newNodeResourcesFit } from '../node-resources-fit/index.ts';
import { pickOneNodeForPreemption } from './candidates.ts';
import { newDefaultPreemption } from './index.ts';

type P = ReturnType<typeof pod>;

/** Runs Fit's filter as the only filter, then PostFilter over every node reported Insufficient cpu. */
async function preempt(
  nodes: ReturnType<typeof node>[],
  existing: P[],
  incoming: P,
  pdbs: PodDisruptionBudget[] = [],
) {
  const snap = snapshot(nodes, existing);
  const writer = recordingWriter();
  const handle = testHandle(snap, { ...emptyCluster, podDisruptionBudgets: () => pdbs }, writer);
  const fit = newNodeResourcesFit();
  handle.withPlugins([fit], [fit]);
  const filtered = new NodeToStatus(unresolvable());
  const state = new CycleState();
  const info = new PodInfo(incoming);
  fit.preFilter(state, info, snap.nodeInfoList);
  for (const n of snap.nodeInfoList) {
    const s = fit.filter(state, info, n);
    if (s) filtered.set(n.name, s);
  }
  const dp = newDefaultPreemption(undefined, handle, () => 0);
  const r = await dp.postFilter(state, info, filtered);
  return { ...r, calls: writer.calls };
}

test('preemption evicts the lowest-priority pods that make room, on the cheapest node', async () => {
  const r = await preempt(
    [node('n1', { cpu: '2' }), node('n2', { cpu: '2' })],
    [
      pod('low', { node: 'n1', cpu: '1', priority: 0 }),
      pod('mid', { node: 'n1', cpu: '1', priority: 5 }),
      pod('mid2', { node: 'n2', cpu: '1', priority: 5 }),
      pod('mid3', { node: 'n2', cpu: '1', priority: 5 }),
    ],
    pod('p', { cpu: '1', priority: 10 }),
  );
  assert.equal(r.status, null);
  assert.deepEqual(r.result, { nominatedNodeName: 'n1', mode: 'override' });
  // Only "low" goes: once it is gone the pod fits, so "mid" is reprieved.
  assert.deepEqual(
    r.calls.filter((c) => !c.startsWith('event')),
    ['preempt low'],
  );
  assert.ok(r.calls.some((c) => c.startsWith('event low Normal Preempted Preempted by pod uid-p')));
});

test('preemption prefers fewer, cheaper victims (sum of priorities, then count)', async () => {
  const r = await preempt(
    [node('n1', { cpu: '2' }), node('n2', { cpu: '2' })],
    [
      pod('a1', { node: 'n1', cpu: '1', priority: 1 }),
      pod('a2', { node: 'n1', cpu: '1', priority: 1 }),
      pod('b1', { node: 'n2', cpu: '2', priority: 1 }),
    ],
    pod('p', { cpu: '2', priority: 10 }),
  );
  assert.deepEqual(r.result, { nominatedNodeName: 'n2', mode: 'override' });
  assert.deepEqual(
    r.calls.filter((c) => c.startsWith('preempt')),
    ['preempt b1'],
  );
});

test('preemption avoids violating PodDisruptionBudgets when it can', async () => {
  const pdb: PodDisruptionBudget = {
    metadata: { name: 'keep-web', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } } },
    status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
  };
  const r = await preempt(
    [node('n1', { cpu: '1' }), node('n2', { cpu: '1' })],
    [
      pod('web', { node: 'n1', cpu: '1', priority: 0, labels: { app: 'web' } }),
      pod('batch', { node: 'n2', cpu: '1', priority: 3 }),
    ],
    pod('p', { cpu: '1', priority: 10 }),
    [pdb],
  );
  // n1's victim has the lower priority, but evicting it would break the budget.
  assert.deepEqual(r.result, { nominatedNodeName: 'n2', mode: 'override' });
});

test('preemption: nothing to evict, or not allowed to', async () => {
  const none = await preempt(
    [node('n1', { cpu: '1' })],
    [pod('same', { node: 'n1', cpu: '1', priority: 10 })],
    pod('p', { cpu: '1', priority: 10 }),
  );
  assert.equal(none.status?.code, Code.Unschedulable);
  assert.equal(
    none.status?.message(),
    'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  );
  assert.deepEqual(none.result, { nominatedNodeName: '', mode: 'override' });

  const never = await preempt(
    [node('n1', { cpu: '1' })],
    [pod('low', { node: 'n1', cpu: '1', priority: 0 })],
    pod('p', { cpu: '1', priority: 10, preemptionPolicy: 'Never' }),
  );
  assert.equal(never.status?.message(), 'preemption: not eligible due to preemptionPolicy=Never.');

  const tooBig = await preempt(
    [node('n1', { cpu: '1' })],
    [pod('low', { node: 'n1', cpu: '1', priority: 0 })],
    pod('p', { cpu: '2', priority: 10 }),
  );
  assert.equal(
    tooBig.status?.message(),
    'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
  );
});

test('preemption waits while a lower-priority pod on the nominated node is still terminating', async () => {
  const r = await preempt(
    [node('n1', { cpu: '1' })],
    [pod('leaving', { node: 'n1', cpu: '1', priority: 0, terminating: true })],
    pod('p', { cpu: '1', priority: 10, nominatedNodeName: 'n1' }),
  );
  assert.equal(
    r.status?.message(),
    'preemption: not eligible due to a terminating pod on the nominated node.',
  );
});

test('pickOneNodeForPreemption: the order of the criteria', () => {
  const v = (name: string, priority: number, startTime = '2024-01-01T00:00:00Z') =>
    new PodInfo(pod(name, { priority, startTime, node: 'x' }));
  const pick = (...c: Parameters<typeof pickOneNodeForPreemption>[0]) =>
    pickOneNodeForPreemption(c)?.nodeName;
  assert.equal(
    pick(
      { nodeName: 'a', victims: [v('1', 0)], numPDBViolations: 1 },
      { nodeName: 'b', victims: [v('2', 9)], numPDBViolations: 0 },
    ),
    'b',
  );
  assert.equal(
    pick(
      { nodeName: 'a', victims: [v('1', 5)], numPDBViolations: 0 },
      { nodeName: 'b', victims: [v('2', 3), v('3', 3)], numPDBViolations: 0 },
    ),
    'b',
  );
  assert.equal(
    pick(
      { nodeName: 'a', victims: [v('1', 3), v('2', 3)], numPDBViolations: 0 },
      { nodeName: 'b', victims: [v('3', 3), v('4', 2)], numPDBViolations: 0 },
    ),
    'b',
  );
  assert.equal(
    pick(
      { nodeName: 'a', victims: [v('1', 3, '2024-01-01T00:00:00Z')], numPDBViolations: 0 },
      { nodeName: 'b', victims: [v('2', 3, '2024-06-01T00:00:00Z')], numPDBViolations: 0 },
    ),
    'b',
  );
});
