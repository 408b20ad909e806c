import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { claimReleasable, podUsesClaim, volumeReleasable, withoutFinalizerPatch } from './in-use.ts';

const claim: PersistentVolumeClaim = {
  metadata: {
    name: 'data',
    namespace: 'ns',
    deletionTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['kubernetes.io/pvc-protection'],
  },
};
const pod = (o: { node?: string; phase?: string; claimName?: string }): Pod => ({
  metadata: { name: 'p', namespace: 'ns' },
  spec: {
    ...(o.node ? { nodeName: o.node } : {}),
    containers: [],
    volumes: [{ name: 'v', persistentVolumeClaim: { claimName: o.claimName ?? 'data' } }],
  },
  status: { phase: o.phase ?? 'Running' },
});

test('a claim is held while a scheduled, running pod mounts it', () => {
  assert.equal(podUsesClaim(pod({ node: 'n' }), claim), true);
  assert.equal(podUsesClaim(pod({}), claim), false, 'unscheduled pods never started with it');
  assert.equal(podUsesClaim(pod({ node: 'n', phase: 'Succeeded' }), claim), false);
  assert.equal(podUsesClaim(pod({ node: 'n', claimName: 'other' }), claim), false);
  assert.equal(claimReleasable(claim, [pod({ node: 'n' })]), false);
  assert.equal(claimReleasable(claim, [pod({ node: 'n', phase: 'Failed' })]), true);
  assert.equal(
    claimReleasable({ metadata: { name: 'data', finalizers: ['kubernetes.io/pvc-protection'] } }, []),
    false,
    'not being deleted',
  );
});

test('a volume is held while bound', () => {
  const pv = {
    metadata: {
      name: 'v',
      deletionTimestamp: '2024-01-01T00:00:00Z',
      finalizers: ['kubernetes.io/pv-protection'],
      resourceVersion: '3',
    },
  };
  assert.equal(volumeReleasable({ ...pv, status: { phase: 'Bound' } }), false);
  assert.equal(volumeReleasable({ ...pv, status: { phase: 'Released' } }), true);
  assert.deepEqual(withoutFinalizerPatch(pv.metadata, 'kubernetes.io/pv-protection'), {
    metadata: { resourceVersion: '3', finalizers: null },
  });
});
