// Persistent volumes through a real `kts server` and the real kubectl: static volumes bound to
// matching claims and released with them, and a claim of the default `local-path` class
// provisioned on its selected node (the test sets the annotation the scheduler sets for
// WaitForFirstConsumer), then deleted with its claim.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localPathProvisioner } from '../src/controllers/local-path/index.ts';
import { persistentVolumeBinder } from '../src/controllers/persistentvolume-binder/index.ts';
import {
  claimProtectionController,
  volumeProtectionController,
} from '../src/controllers/volume-protection/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'vol';
const STORAGE_DIR = '/var/lib/kts-test/storage';

const volume = (
  name: string,
  size: string,
  extra: Record<string, unknown> = {},
  labels: Record<string, string> = {},
) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels },
    spec: {
      capacity: { storage: size },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'manual',
      hostPath: { path: `/tmp/${name}` },
      ...extra,
    },
  });
const claim = (name: string, size: string, spec: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...spec },
  });

describe('persistentvolume-binder, local-path provisioner and volume protection', {
  timeout: 240_000,
}, () => {
  let server: RunningServer;
  let controllers: RunningControllers;
  let kc: string;
  const get = async (kind: string, name: string, ns?: string) =>
    JSON.parse(await kubectlOk(kc, ['get', kind, name, ...(ns ? ['-n', ns] : []), '-o', 'json']));
  const exists = async (kind: string, name: string, ns?: string) =>
    (await kubectl(kc, ['get', kind, name, ...(ns ? ['-n', ns] : [])])).code === 0;

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    controllers = await startControllers(
      kc,
      [persistentVolumeBinder, localPathProvisioner, claimProtectionController, volumeProtectionController],
      {
        localPathStorageDir: STORAGE_DIR,
      },
    );
    await kubectlOk(kc, ['create', 'namespace', NS]);
  });
  after(async () => {
    await controllers?.stop();
    await server?.stop();
  });

  it('creates the default local-path StorageClass', async () => {
    await waitFor('StorageClass local-path', () => exists('storageclass', 'local-path'));
    const sc = await get('storageclass', 'local-path');
    assert.equal(sc.provisioner, 'rancher.io/local-path');
    assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
    assert.equal(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
    assert.match(
      await kubectlOk(kc, ['get', 'storageclass']),
      /local-path \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer/,
    );
  });

  it('binds claims to the best fitting static volumes and releases them', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], { input: volume('pv-small', '1Gi', {}, { tier: 'fast' }) });
    await kubectlOk(kc, ['apply', '-f', '-'], { input: volume('pv-medium', '5Gi') });
    await kubectlOk(kc, ['apply', '-f', '-'], { input: volume('pv-large', '10Gi') });
    await waitFor(
      'volumes Available',
      async () => (await get('pv', 'pv-large')).status.phase === 'Available',
    );
    await kubectlOk(kc, ['apply', '-f', '-'], { input: claim('two', '2Gi', { storageClassName: 'manual' }) });
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: claim('fast', '500Mi', {
        storageClassName: 'manual',
        selector: { matchLabels: { tier: 'fast' } },
      }),
    });
    await waitFor(
      'claims Bound',
      async () =>
        (await get('pvc', 'two', NS)).status.phase === 'Bound' &&
        (await get('pvc', 'fast', NS)).status.phase === 'Bound',
    );
    const two = await get('pvc', 'two', NS);
    assert.equal(two.spec.volumeName, 'pv-medium');
    assert.deepEqual(two.status.capacity, { storage: '5Gi' });
    assert.equal(two.metadata.annotations['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal((await get('pvc', 'fast', NS)).spec.volumeName, 'pv-small');
    await waitFor('pv-medium Bound', async () => (await get('pv', 'pv-medium')).status.phase === 'Bound');
    assert.equal((await get('pv', 'pv-medium')).spec.claimRef.name, 'two');
    assert.match(
      await kubectlOk(kc, ['get', 'pvc', 'two', '-n', NS]),
      /two\s+Bound\s+pv-medium\s+5Gi\s+RWO\s+manual/,
    );

    await kubectlOk(kc, ['delete', 'pvc', 'two', '-n', NS]);
    await waitFor(
      'pv-medium Released',
      async () => (await get('pv', 'pv-medium')).status.phase === 'Released',
    );
    assert.equal((await get('pv', 'pv-medium')).spec.persistentVolumeReclaimPolicy, 'Retain');
  });

  it('binds WaitForFirstConsumer claims: pre-bound at once, others by the selected node labels', async () => {
    const zonal = (zone: string) => ({
      storageClassName: 'local-static',
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] },
          ],
        },
      },
    });
    const objects = [
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'local-static' },
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'node-b', labels: { 'topology.kubernetes.io/zone': 'zone-b' } },
      },
      JSON.parse(volume('pv-zone-a', '1Gi', zonal('zone-a'))),
      JSON.parse(volume('pv-zone-b', '2Gi', zonal('zone-b'))),
      JSON.parse(
        volume('pv-reserved', '1Gi', {
          storageClassName: 'local-static',
          claimRef: { namespace: NS, name: 'reserved' },
        }),
      ),
    ];
    for (const o of objects) await kubectlOk(kc, ['apply', '-f', '-'], { input: JSON.stringify(o) });
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: claim('reserved', '1Gi', { storageClassName: 'local-static' }),
    });
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: claim('zonal', '1Gi', { storageClassName: 'local-static' }),
    });
    await waitFor(
      'pre-bound claim Bound',
      async () => (await get('pvc', 'reserved', NS)).status.phase === 'Bound',
    );
    assert.equal((await get('pvc', 'reserved', NS)).spec.volumeName, 'pv-reserved');
    assert.equal((await get('pvc', 'zonal', NS)).status.phase, 'Pending');

    await kubectlOk(kc, ['annotate', 'pvc', 'zonal', '-n', NS, 'volume.kubernetes.io/selected-node=node-b']);
    await waitFor('zonal claim Bound', async () => (await get('pvc', 'zonal', NS)).status.phase === 'Bound');
    assert.equal(
      (await get('pvc', 'zonal', NS)).spec.volumeName,
      'pv-zone-b',
      'the zone-a volume is smaller',
    );
  });

  it('provisions a local-path volume on the selected node and deletes it with its claim', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], { input: claim('data', '2Gi') });
    const pending = await get('pvc', 'data', NS);
    assert.equal(pending.spec.storageClassName, 'local-path', 'DefaultStorageClass admission');
    await waitFor('WaitForFirstConsumer event', async () => {
      const events = JSON.parse(await kubectlOk(kc, ['get', 'events', '-n', NS, '-o', 'json'])).items as {
        reason: string;
        involvedObject: { name: string };
      }[];
      return events.some((e) => e.reason === 'WaitForFirstConsumer' && e.involvedObject.name === 'data');
    });
    assert.equal((await get('pvc', 'data', NS)).status.phase, 'Pending');

    // What the scheduler does once a pod using the claim is placed.
    await kubectlOk(kc, ['annotate', 'pvc', 'data', '-n', NS, 'volume.kubernetes.io/selected-node=node-1']);
    await waitFor('claim data Bound', async () => (await get('pvc', 'data', NS)).status.phase === 'Bound');
    const bound = await get('pvc', 'data', NS);
    const pvName = `pvc-${bound.metadata.uid}`;
    assert.equal(bound.spec.volumeName, pvName);
    assert.equal(
      bound.metadata.annotations['volume.kubernetes.io/storage-provisioner'],
      'rancher.io/local-path',
    );
    const pv = await get('pv', pvName);
    assert.deepEqual(pv.spec.hostPath, {
      path: `${STORAGE_DIR}/${pvName}_${NS}_data`,
      type: 'DirectoryOrCreate',
    });
    assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions, [
      { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] },
    ]);
    assert.equal(pv.metadata.annotations['pv.kubernetes.io/provisioned-by'], 'rancher.io/local-path');
    assert.equal(pv.spec.storageClassName, 'local-path');
    assert.deepEqual(pv.spec.capacity, { storage: '2Gi' });
    const reasons = (
      JSON.parse(await kubectlOk(kc, ['get', 'events', '-n', NS, '-o', 'json'])).items as { reason: string }[]
    ).map((e) => e.reason);
    assert.ok(reasons.includes('ProvisioningSucceeded'), reasons.join(','));

    await kubectlOk(kc, ['delete', 'pvc', 'data', '-n', NS]);
    await waitFor('provisioned volume deleted with its claim', async () => !(await exists('pv', pvName)));
    assert.equal(await exists('pvc', 'data', NS), false);
  });
});
