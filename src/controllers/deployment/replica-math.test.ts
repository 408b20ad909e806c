import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicaSet } from '../workload-common/testing.ts';
import {
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportionalScale,
  resolveFenceposts,
} from './replica-math.ts';
import { deployment } from './testing.ts';

const sizes = (r: ReturnType<typeof proportionalScale>) =>
  Object.fromEntries(r.sizes.map((s) => [s.rs.metadata?.name, s.replicas]));

describe('resolveFenceposts', () => {
  const cases: [number | string, number | string, number, number, number][] = [
    ['25%', '25%', 10, 3, 2],
    [0, 0, 10, 0, 1],
    [1, 0, 1, 1, 0],
    ['50%', '50%', 3, 2, 1],
    ['0%', '0%', 5, 0, 1],
  ];
  for (const [surge, unavailable, desired, wantSurge, wantUnavailable] of cases) {
    it(`${surge}/${unavailable} of ${desired} → ${wantSurge}/${wantUnavailable}`, () => {
      assert.deepEqual(resolveFenceposts(surge, unavailable, desired), {
        surge: wantSurge,
        unavailable: wantUnavailable,
      });
    });
  }
  it('maxUnavailable never exceeds replicas, and is 0 for Recreate', () => {
    assert.equal(maxUnavailable(deployment({ replicas: 2, maxSurge: 0, maxUnavailable: 5 })), 2);
    assert.equal(maxUnavailable(deployment({ replicas: 2, strategy: 'Recreate' })), 0);
    assert.equal(maxSurge(deployment({ replicas: 2, strategy: 'Recreate' })), 0);
  });
});

describe('the new ReplicaSet', () => {
  it('is the oldest ReplicaSet with the Deployment template, whatever its hash label', () => {
    const d = deployment({ replicas: 3, image: 'v2' });
    const rss = [
      replicaSet({ name: 'b', replicas: 1, image: 'v2', created: 5 }),
      replicaSet({ name: 'a', replicas: 1, image: 'v2', created: 1 }),
      replicaSet({ name: 'old', replicas: 1, image: 'v1' }),
    ];
    for (const rs of rss) rs.spec!.template!.spec!.containers[0]!.name = 'c';
    assert.equal(findNewReplicaSet(d, rss)?.metadata?.name, 'a');
    assert.equal(equalIgnoreHash(rss[0]!.spec?.template, d.spec?.template), true);
  });

  it('grows within maxSurge', () => {
    const d = deployment({ replicas: 10, maxSurge: 2, maxUnavailable: 0 });
    const old = replicaSet({ name: 'old', replicas: 10 });
    const fresh = replicaSet({ name: 'new', replicas: 0 });
    assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 2);
    const grown = replicaSet({ name: 'new', replicas: 2 });
    assert.equal(newRSNewReplicas(d, [old, grown], grown), 2);
    const recreate = deployment({ replicas: 10, strategy: 'Recreate' });
    assert.equal(newRSNewReplicas(recreate, [old, fresh], fresh), 10);
  });

  it('is saturated when sized for the Deployment and fully available', () => {
    const d = deployment({ replicas: 3 });
    const rs = replicaSet({
      name: 'n',
      replicas: 3,
      annotations: { 'deployment.kubernetes.io/desired-replicas': '3' },
    });
    assert.equal(isSaturated(d, rs), true);
    assert.equal(
      isSaturated(
        d,
        replicaSet({ name: 'n', replicas: 3, available: 2, annotations: rs.metadata!.annotations! }),
      ),
      false,
    );
    assert.equal(isSaturated(d, replicaSet({ name: 'n', replicas: 3 })), false);
  });
});

describe('findActiveOrLatest', () => {
  it('returns the only active ReplicaSet, the newest when none is active, nothing mid-rollout', () => {
    const a = replicaSet({ name: 'a', replicas: 0, created: 1 });
    const b = replicaSet({ name: 'b', replicas: 0, created: 2 });
    const c = replicaSet({ name: 'c', replicas: 3, created: 3 });
    assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata?.name, 'b');
    assert.equal(findActiveOrLatest(a, [b, c])?.metadata?.name, 'c');
    assert.equal(findActiveOrLatest(c, [replicaSet({ name: 'd', replicas: 1 })]), undefined);
  });
});

describe('proportionalScale', () => {
  const max10 = { 'deployment.kubernetes.io/max-replicas': '10' };
  it('shares a scale-up by ReplicaSet size', () => {
    const d = deployment({ replicas: 20, maxSurge: 0, maxUnavailable: 1 });
    const fresh = replicaSet({ name: 'new', replicas: 6, created: 2, annotations: max10 });
    const old = replicaSet({ name: 'old', replicas: 4, created: 1, annotations: max10 });
    const r = proportionalScale(d, fresh, [old]);
    assert.equal(r.operation, 'up');
    assert.deepEqual(sizes(r), { new: 12, old: 8 });
  });
  it('shares a scale-down by ReplicaSet size', () => {
    const d = deployment({ replicas: 5, maxSurge: 0, maxUnavailable: 1 });
    const fresh = replicaSet({ name: 'new', replicas: 6, created: 2, annotations: max10 });
    const old = replicaSet({ name: 'old', replicas: 4, created: 1, annotations: max10 });
    const r = proportionalScale(d, fresh, [old]);
    assert.equal(r.operation, 'down');
    assert.deepEqual(sizes(r), { new: 3, old: 2 });
  });
  it('gives the rounding leftover to the largest ReplicaSet', () => {
    const d = deployment({ replicas: 11, maxSurge: 0, maxUnavailable: 1 });
    const a = replicaSet({ name: 'a', replicas: 5, created: 2, annotations: max10 });
    const b = replicaSet({ name: 'b', replicas: 5, created: 1, annotations: max10 });
    // 5 * 11/10 = 5.5 → 6 for the first (newer, when growing), 0 left for the second.
    assert.deepEqual(sizes(proportionalScale(d, a, [b])), { a: 6, b: 5 });
  });
});
