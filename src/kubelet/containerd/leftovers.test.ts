import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mountsUnder, shimSocketPath } from './leftovers.ts';

const mountinfo = [
  '22 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
  '30 22 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory',
  '31 22 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw',
  '40 22 0:50 / /tmp/k/run/io.containerd.runtime.v2.task/k8s.io/abc/rootfs rw - overlay overlay rw',
  '41 22 0:4 net:[4026532] /tmp/k/run/io.containerd.grpc.v1.cri/netns/cni-1 rw - nsfs nsfs rw',
  '42 22 0:51 / /tmp/k/run/io.containerd.grpc.v1.cri/sandboxes/abc/shm rw - tmpfs shm rw',
  '43 22 0:52 / /tmp/k/run-other/x rw - tmpfs tmpfs rw',
  '44 22 0:53 / /tmp/with\\040space rw - tmpfs tmpfs rw',
].join('\n');

test('mounts under our dirs only, deepest first', () => {
  assert.deepEqual(mountsUnder(mountinfo, ['/tmp/k/run']), [
    '/tmp/k/run/io.containerd.runtime.v2.task/k8s.io/abc/rootfs',
    '/tmp/k/run/io.containerd.grpc.v1.cri/sandboxes/abc/shm',
    '/tmp/k/run/io.containerd.grpc.v1.cri/netns/cni-1',
  ]);
  assert.deepEqual(mountsUnder(mountinfo, ['/tmp/with space']), ['/tmp/with space']);
});

test('shim socket names follow containerd 1.6', () => {
  // sha256("/tmp/ktsx/b1/run/containerd.sock/k8s.io/6166…"), as seen on a real host.
  assert.equal(
    shimSocketPath(
      '/tmp/ktsx/b1/run/containerd.sock',
      'k8s.io',
      '616615871b0ec47bb5825c94043989555413a15a9ea47a1c69b3782e1c90beef',
    ),
    '/run/containerd/s/d51f987003de8ac47f853cdd9445e1dab440b2eb4b4d7f782d64e1301513f39a',
  );
});
