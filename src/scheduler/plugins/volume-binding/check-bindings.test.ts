import assert from 'node:assert/strict';
import test from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import { pod } from '../../testing/builders.ts';
import { claim, volume } from '../../testing/storage.ts';
import { checkBindings, olderVersion } from './check-bindings.ts';

const NODE = { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } };
const written = claim('c', { class: 'local-path', selectedNode: 'n1', rv: '11' });

function check(current: PersistentVolumeClaim | undefined, pv?: PersistentVolume, podExists = true) {
  return checkBindings({ namespace: 'default', name: 'p' }, NODE, [written], {
    pod: () => (podExists ? pod('p') : undefined),
    claim: () => current,
    volume: () => pv,
  });
}

test('bindings: wait for our update and the binder, fail when the pod, claim or node no longer agree', () => {
  assert.equal(check(claim('c', { class: 'local-path', rv: '10' })), false, 'informer behind our update');
  assert.equal(
    check(claim('c', { class: 'local-path', selectedNode: 'n1', rv: '11' })),
    false,
    'not bound yet',
  );
  const bound = claim('c', {
    class: 'local-path',
    selectedNode: 'n1',
    volumeName: 'pv',
    bound: true,
    rv: '13',
  });
  assert.equal(check(bound), false, 'volume not seen yet');
  assert.equal(check(bound, volume('pv', { claimRef: 'c', hosts: ['n1'] })), true);
  assert.throws(
    () => check(bound, volume('pv', { claimRef: 'c', hosts: ['n2'] })),
    /pv "pv" node affinity doesn't match node "n1"/,
  );
  assert.throws(() => check(bound, undefined, false), /pod does not exist any more: pods "p" not found/);
  assert.throws(() => check(undefined), /could not find v1.PersistentVolumeClaim "default\/c"/);
  assert.throws(
    () => check(claim('c', { class: 'local-path', selectedNode: 'n2', rv: '12' })),
    /provisioning failed for PVC "c"/,
  );
});

test('resource versions compare as numbers', () => {
  assert.equal(olderVersion('9', '10'), true);
  assert.equal(olderVersion('10', '9'), false);
  assert.equal(olderVersion(undefined, '9'), false);
});
