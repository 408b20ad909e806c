import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import {
  budgetStatus,
  type ControllerScale,
  countHealthy,
  expectedPodCount,
  failSafeStatus,
  pendingDisruptions,
} from './budget.ts';

const NOW = Date.UTC(2024, 0, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const pod = (name: string, o: { ready?: boolean; deleting?: boolean } = {}): Pod => ({
  metadata: { name, ...(o.deleting ? { deletionTimestamp: iso(NOW) } : {}) },
  spec: { containers: [] },
  status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const pdb = (
  spec: PodDisruptionBudget['spec'],
  status: Partial<NonNullable<PodDisruptionBudget['status']>> = {},
): PodDisruptionBudget => ({
  metadata: { name: 'b', namespace: 'ns', generation: 3 },
  spec,
  status: status as PodDisruptionBudget['status'],
});
const rs5: (p: Pod) => ControllerScale = () => ({ uid: 'rs', scale: 5 });

test('expectedPodCount: absolute minAvailable counts pods; maxUnavailable and percentages use the scale', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  assert.deepEqual(expectedPodCount(pdb({ minAvailable: 2 }), pods, rs5), {
    expectedCount: 3,
    desiredHealthy: 2,
  });
  assert.deepEqual(expectedPodCount(pdb({ maxUnavailable: 1 }), pods, rs5), {
    expectedCount: 5,
    desiredHealthy: 4,
  });
  assert.deepEqual(expectedPodCount(pdb({ maxUnavailable: '30%' }), pods, rs5), {
    expectedCount: 5,
    desiredHealthy: 3,
  });
  assert.deepEqual(expectedPodCount(pdb({ minAvailable: '50%' }), pods, rs5), {
    expectedCount: 5,
    desiredHealthy: 3,
  });
  const none = expectedPodCount(pdb({ maxUnavailable: 1 }), pods, (p) => ({
    error: `found no controller ref for pod "${p.metadata?.name}"`,
    reason: 'NoControllerRef',
  }));
  assert.deepEqual(none, { error: 'found no controller ref for pod "a"', reason: 'NoControllerRef' });
  // Two pods of one controller count its scale once; two controllers add up.
  const two = (p: Pod): ControllerScale =>
    p.metadata?.name === 'c' ? { uid: 'ss', scale: 2 } : { uid: 'rs', scale: 5 };
  assert.deepEqual(expectedPodCount(pdb({ maxUnavailable: 0 }), pods, two), {
    expectedCount: 7,
    desiredHealthy: 7,
  });
});

test('pendingDisruptions and countHealthy: evicted pods are unhealthy until deleted or two minutes pass', () => {
  const pods = [pod('a'), pod('b'), pod('c', { deleting: true }), pod('d', { ready: false })];
  const budget = pdb(
    { minAvailable: 1 },
    { disruptedPods: { a: iso(NOW - 60_000), b: iso(NOW - 180_000), c: iso(NOW), gone: iso(NOW) } },
  );
  const p = pendingDisruptions(budget, pods, NOW);
  assert.deepEqual(p.disrupted, { a: iso(NOW - 60_000) });
  assert.equal(p.recheckAtMs, NOW + 60_000);
  assert.equal(countHealthy(pods, p.disrupted), 1);
});

test('budgetStatus: disruptions allowed, conditions and observedGeneration as upstream', () => {
  const ok = budgetStatus(pdb({ minAvailable: 2 }), 3, 2, 3, {}, iso(NOW));
  assert.equal(ok.disruptionsAllowed, 1);
  assert.equal(ok.observedGeneration, 3);
  assert.deepEqual(ok.conditions, [
    {
      type: 'DisruptionAllowed',
      status: 'True',
      reason: 'SufficientPods',
      message: '',
      observedGeneration: 3,
      lastTransitionTime: iso(NOW),
    },
  ]);
  const blocked = budgetStatus(pdb({ minAvailable: 3 }, ok), 3, 3, 3, {}, iso(NOW + 5000));
  assert.equal(blocked.disruptionsAllowed, 0);
  assert.equal(blocked.conditions![0]!.reason, 'InsufficientPods');
  assert.equal(blocked.conditions![0]!.lastTransitionTime, iso(NOW + 5000));
  // No expected pods: nothing may be disrupted.
  assert.equal(budgetStatus(pdb({ maxUnavailable: 1 }), 2, 0, 0, {}, iso(NOW)).disruptionsAllowed, 0);
  // The same verdict keeps its transition time.
  assert.equal(
    budgetStatus(pdb({ minAvailable: 2 }, ok), 4, 2, 4, {}, iso(NOW + 9000)).conditions![0]!
      .lastTransitionTime,
    iso(NOW),
  );
  const failed = failSafeStatus(pdb({ maxUnavailable: 1 }, ok), 'found no controllers for pod "a"', iso(NOW));
  assert.equal(failed.disruptionsAllowed, 0);
  assert.deepEqual(
    [failed.conditions![0]!.status, failed.conditions![0]!.reason, failed.conditions![0]!.message],
    ['False', 'SyncFailed', 'found no controllers for pod "a"'],
  );
});
