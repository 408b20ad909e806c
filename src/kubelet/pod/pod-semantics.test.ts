import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podSemanticallyEqual } from './pod-semantics.ts';

const pod = (): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '5', labels: { app: 'a' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Pending' },
});

test('status, resourceVersion and managedFields changes are not semantic', () => {
  const a = pod();
  const b: Pod = {
    ...a,
    metadata: {
      ...a.metadata,
      resourceVersion: '6',
      managedFields: [{ manager: 'kubelet', operation: 'Update' }],
    },
    status: { phase: 'Running', podIP: '10.0.0.2' },
  };
  assert.equal(podSemanticallyEqual(pod(), b), true);
});

test('spec, labels and the deletion timestamp are semantic', () => {
  const a = pod();
  const spec: Pod = { ...a, spec: { ...a.spec!, activeDeadlineSeconds: 5 } };
  assert.equal(podSemanticallyEqual(a, spec), false);
  const labels: Pod = { ...a, metadata: { ...a.metadata, labels: { app: 'b' } } };
  assert.equal(podSemanticallyEqual(a, labels), false);
  const deleting: Pod = {
    ...a,
    metadata: { ...a.metadata, deletionTimestamp: '2025-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 },
  };
  assert.equal(podSemanticallyEqual(a, deleting), false);
});

test('key order does not matter', () => {
  const b: Pod = {
    spec: pod().spec,
    metadata: { labels: { app: 'a' }, uid: 'u1', namespace: 'default', name: 'p' },
  };
  assert.equal(podSemanticallyEqual(pod(), b), true);
});
