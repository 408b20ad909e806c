import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import { localPathStorageClass, provisionedVolume, shouldDelete, shouldProvision } from './provision.ts';

const sc = localPathStorageClass();
const claim = (
  annotations: Record<string, string>,
  extra: Partial<PersistentVolumeClaim['spec']> = {},
): PersistentVolumeClaim => ({
  metadata: { name: 'data', namespace: 'ns', uid: 'u1', annotations },
  spec: {
    storageClassName: 'local-path',
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '2Gi' } },
    ...extra,
  },
});
const ours = {
  'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
  'volume.kubernetes.io/selected-node': 'node-1',
};

test('the default StorageClass is k3s local-path', () => {
  assert.deepEqual(sc, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
});

test('shouldProvision: our class, handed over, node selected, not bound', () => {
  assert.equal(shouldProvision(claim(ours), sc), true);
  assert.equal(
    shouldProvision(claim({ 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' }), sc),
    false,
  );
  assert.equal(shouldProvision(claim({ 'volume.kubernetes.io/selected-node': 'node-1' }), sc), false);
  assert.equal(shouldProvision(claim(ours, { storageClassName: 'other' }), sc), false);
  assert.equal(shouldProvision(claim(ours, { volumeName: 'pv' }), sc), false);
  assert.equal(shouldProvision(claim(ours), { ...sc, provisioner: 'example.com/x' }), false);
});

test('provisionedVolume: a hostPath volume under the storage dir, pinned to the node, pre-bound to the claim', () => {
  const pv = provisionedVolume(claim(ours), sc, '/data/kts/storage/');
  assert.equal(pv.metadata?.name, 'pvc-u1');
  assert.deepEqual(pv.metadata?.annotations, {
    'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path',
    'local.path.provisioner/selected-node': 'node-1',
  });
  assert.deepEqual(pv.spec?.hostPath, {
    path: '/data/kts/storage/pvc-u1_ns_data',
    type: 'DirectoryOrCreate',
  });
  assert.deepEqual(pv.spec?.capacity, { storage: '2Gi' });
  assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
  assert.equal(pv.spec?.claimRef?.uid, 'u1');
  assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions, [
    { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] },
  ]);
  assert.equal(shouldDelete({ ...pv, status: { phase: 'Released' } }), true);
  assert.equal(shouldDelete({ ...pv, status: { phase: 'Bound' } }), false);
  assert.equal(
    shouldDelete({
      ...pv,
      spec: { ...pv.spec, persistentVolumeReclaimPolicy: 'Retain' },
      status: { phase: 'Released' },
    }),
    false,
  );
});
