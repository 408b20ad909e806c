import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { BUSYBOX_IMAGE, buildBusyboxImage, buildPauseImage, PAUSE_IMAGE } from './builtin-images.ts';
import { buildOciImage, ociArchitecture, referenceTag } from './oci-layout.ts';
import { readTar } from './tar.ts';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('an OCI layout whose blobs match their digests', () => {
  const img = buildOciImage({
    name: 'kts.local/test:2',
    files: [{ type: 'file', path: 'hello', data: Buffer.from('hi') }],
    config: { Cmd: ['/hello'] },
    createdBy: 'test',
  });
  const files = new Map(readTar(img.archive).map((e) => [e.path, e.data]));
  assert.deepEqual(JSON.parse(files.get('oci-layout')!.toString()), { imageLayoutVersion: '1.0.0' });
  const index = JSON.parse(files.get('index.json')!.toString());
  const desc = index.manifests[0];
  assert.equal(desc.annotations['io.containerd.image.name'], 'kts.local/test:2');
  assert.equal(desc.annotations['org.opencontainers.image.ref.name'], '2');
  assert.equal(desc.digest, img.manifestDigest);
  const manifest = files.get(`blobs/sha256/${img.manifestDigest.slice(7)}`)!;
  assert.equal(sha(manifest), img.manifestDigest);
  const m = JSON.parse(manifest.toString());
  const config = files.get(`blobs/sha256/${m.config.digest.slice(7)}`)!;
  assert.equal(sha(config), img.configDigest);
  const layer = files.get(`blobs/sha256/${m.layers[0].digest.slice(7)}`)!;
  assert.equal(sha(layer), m.layers[0].digest);
  assert.deepEqual(JSON.parse(config.toString()).rootfs.diff_ids, [m.layers[0].digest]);
  assert.equal(JSON.parse(config.toString()).architecture, ociArchitecture());
  assert.equal(readTar(layer)[0]!.data.toString(), 'hi');
});

test('references and architectures', () => {
  assert.equal(referenceTag('kts.local/pause:3.10'), '3.10');
  assert.equal(referenceTag('localhost:5000/app'), 'latest');
  assert.equal(referenceTag('app@sha256:abc'), 'latest');
  assert.equal(ociArchitecture('x64'), 'amd64');
});

test('the built-in images hold the static binaries kts needs', () => {
  const pause = buildPauseImage();
  assert.equal(pause.name, PAUSE_IMAGE);
  assert.equal(pause.configDigest, buildPauseImage().configDigest, 'builds are reproducible');
  const busybox = buildBusyboxImage();
  assert.equal(busybox.name, BUSYBOX_IMAGE);
  const files = new Map(readTar(busybox.archive).map((e) => [e.path, e.data]));
  const manifest = JSON.parse(files.get(`blobs/sha256/${busybox.manifestDigest.slice(7)}`)!.toString());
  const layer = readTar(files.get(`blobs/sha256/${manifest.layers[0].digest.slice(7)}`)!);
  const byPath = new Map(layer.map((e) => [e.path, e]));
  for (const applet of ['sh', 'httpd', 'sleep', 'echo', 'cat', 'nc', 'wget']) {
    assert.equal(byPath.get(`bin/${applet}`)?.target, 'busybox', applet);
  }
  assert.equal(byPath.get('bin/busybox')?.mode, 0o755);
  assert.equal(byPath.get('tmp/')?.mode, 0o1777);
  // Mount points the runtime would otherwise create in every container's writable layer.
  for (const path of ['proc/', 'sys/', 'dev/', 'etc/hosts', 'etc/hostname', 'etc/resolv.conf'])
    assert.ok(byPath.has(path), path);
});
