import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMirrorPod, mirrorPodFor, staticPodFromManifest } from './static-pod.ts';

const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'static-web', labels: { app: 'static' } },
  spec: { containers: [{ name: 'web', image: 'kts.local/busybox:1' }] },
};

test('a manifest becomes a defaulted static pod with a stable hash UID', () => {
  const seen = new Date('2026-01-01T00:00:00Z');
  const pod = staticPodFromManifest(manifest, 'node-1', '/etc/kts/manifests/web.yaml', seen);
  assert.equal(pod.metadata?.name, 'static-web-node-1');
  assert.equal(pod.metadata?.namespace, 'default');
  assert.match(pod.metadata?.uid ?? '', /^[0-9a-f]{32}$/);
  assert.equal(pod.metadata?.annotations?.['kubernetes.io/config.source'], 'file');
  assert.equal(pod.spec?.nodeName, 'node-1');
  assert.equal(pod.spec?.restartPolicy, 'Always');
  assert.deepEqual(pod.spec?.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
  const again = staticPodFromManifest(manifest, 'node-1', '/etc/kts/manifests/web.yaml', new Date());
  assert.equal(again.metadata?.uid, pod.metadata?.uid);
  const changed = staticPodFromManifest(
    { ...manifest, spec: { containers: [{ name: 'web', image: 'x:1' }] } },
    'node-1',
    '/etc/kts/manifests/web.yaml',
    seen,
  );
  assert.notEqual(changed.metadata?.uid, pod.metadata?.uid);
  assert.throws(() => staticPodFromManifest({ kind: 'Service' }, 'n', 'f', seen), /not a v1 Pod/);
});

test('the mirror pod carries the mirror annotation and the node as owner', () => {
  const pod = staticPodFromManifest(manifest, 'node-1', 'f', new Date());
  const mirror = mirrorPodFor(pod, { metadata: { name: 'node-1', uid: 'node-uid' } });
  assert.equal(isMirrorPod(mirror), true);
  assert.equal(mirror.metadata?.annotations?.['kubernetes.io/config.mirror'], pod.metadata?.uid);
  assert.equal(mirror.metadata?.uid, undefined);
  assert.deepEqual(mirror.metadata?.ownerReferences, [
    { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'node-uid', controller: true },
  ]);
});
