import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  claimsFor,
  identityMatches,
  newStatefulSetPod,
  parentAndOrdinal,
  storageMatches,
} from './identity.ts';
import { claimOwnerRefsFor, isClaimOwnerUpToDate, podClaimIsStale } from './retention.ts';
import { chooseUpdateRevision, revisionsToPrune } from './revisions.ts';
import { revisionOf, statefulSet } from './testing.ts';

const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true };

describe('StatefulSet identity', () => {
  it('parses ordinals', () => {
    assert.deepEqual(parentAndOrdinal('web-12'), { parent: 'web', ordinal: 12 });
    assert.deepEqual(parentAndOrdinal('my-web-0'), { parent: 'my-web', ordinal: 0 });
    assert.deepEqual(parentAndOrdinal('web'), { parent: '', ordinal: -1 });
  });

  it('gives each pod its name, hostname, labels and claims', () => {
    const set = statefulSet({ replicas: 3, claims: true });
    const pod = newStatefulSetPod(set, 2, ref);
    assert.equal(pod.metadata?.name, 'web-2');
    assert.equal(pod.spec?.hostname, 'web-2');
    assert.equal(pod.spec?.subdomain, 'nginx');
    assert.equal(pod.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], 'web-2');
    assert.equal(pod.metadata?.labels?.['apps.kubernetes.io/pod-index'], '2');
    assert.deepEqual(pod.spec?.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-2' } }]);
    assert.equal(identityMatches(set, pod), true);
    assert.equal(storageMatches(set, pod), true);
    const claim = claimsFor(set, 2).get('www')!;
    assert.equal(claim.metadata?.name, 'www-web-2');
    assert.deepEqual(claim.metadata?.labels, { app: 'nginx' });
    const renamed = { ...pod, metadata: { ...pod.metadata, labels: { app: 'nginx' } } };
    assert.equal(identityMatches(set, renamed), false);
  });
});

describe('PVC retention policy', () => {
  const pod = { ...newStatefulSetPod(statefulSet({ replicas: 1, claims: true }), 2, ref) };
  (pod.metadata as { uid?: string }).uid = 'pod-uid';
  const claim = (refs: { kind: string; name: string; uid: string }[] = []) => ({
    metadata: { name: 'www-web-2', ownerReferences: refs.map((r) => ({ apiVersion: 'v1', ...r })) },
  });
  const cases: [string, string, number, string[]][] = [
    ['Retain', 'Retain', 3, []],
    ['Delete', 'Retain', 3, ['StatefulSet']],
    ['Retain', 'Delete', 3, []],
    ['Retain', 'Delete', 2, ['Pod']],
    ['Delete', 'Delete', 3, ['StatefulSet']],
    ['Delete', 'Delete', 2, ['Pod']],
  ];
  for (const [whenDeleted, whenScaled, replicas, want] of cases) {
    it(`whenDeleted ${whenDeleted}, whenScaled ${whenScaled}, ${replicas === 3 ? 'in range' : 'scaled down'}: ${want.join('+') || 'no'} reference`, () => {
      const set = statefulSet({ replicas, claims: true });
      set.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted, whenScaled };
      const refs = claimOwnerRefsFor(claim(), set, pod) ?? [];
      assert.deepEqual(
        refs.map((r) => r.kind),
        want,
      );
      assert.equal(isClaimOwnerUpToDate({ metadata: { ownerReferences: refs } }, set, pod), true);
      if (want.length) assert.equal(isClaimOwnerUpToDate(claim(), set, pod), false);
    });
  }
  it('a claim of an earlier pod of the same name is stale', () => {
    const set = statefulSet({ replicas: 1, claims: true });
    set.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Delete' };
    assert.equal(podClaimIsStale(set, pod, [claim([{ kind: 'Pod', name: 'web-2', uid: 'old' }])]), true);
    assert.equal(podClaimIsStale(set, pod, [claim([{ kind: 'Pod', name: 'web-2', uid: 'pod-uid' }])]), false);
  });
});

describe('StatefulSet revisions', () => {
  const r1 = revisionOf(statefulSet({ replicas: 1, image: 'v1' }), 1);
  const r2 = revisionOf(statefulSet({ replicas: 1, image: 'v2' }), 2);
  it('keeps the latest, renumbers an older equal one (rollback), or creates one', () => {
    assert.equal(
      chooseUpdateRevision([r1, r2], revisionOf(statefulSet({ replicas: 1, image: 'v2' }), 3)).kind,
      'latest',
    );
    const back = chooseUpdateRevision([r1, r2], revisionOf(statefulSet({ replicas: 1, image: 'v1' }), 3));
    assert.deepEqual(
      [back.kind, back.revision.metadata?.name, 'to' in back ? back.to : 0],
      ['renumber', r1.metadata?.name, 3],
    );
    assert.equal(
      chooseUpdateRevision([r1, r2], revisionOf(statefulSet({ replicas: 1, image: 'v3' }), 3)).kind,
      'create',
    );
    assert.notEqual(r1.metadata?.name, r2.metadata?.name);
    assert.match(r1.metadata?.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
  it('prunes revisions nobody runs beyond the limit', () => {
    const r3 = revisionOf(statefulSet({ replicas: 1, image: 'v3' }), 3);
    assert.deepEqual(
      revisionsToPrune([r1, r2, r3], [], r3.metadata!.name!, r3.metadata!.name!, 1).map((r) => r.revision),
      [1],
    );
    assert.deepEqual(revisionsToPrune([r1, r2, r3], [], r3.metadata!.name!, r3.metadata!.name!, 2), []);
  });
});
