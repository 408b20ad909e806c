import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { containerdPids, mountsUnder, shimPids, shimSocketPath } from './leftovers.ts';
import { processAlive, stopProcess } from './processes.ts';

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

test('an orphaned containerd is found by its config file, a shim of it is not', async (t) => {
  const config = `/tmp/kts-leftovers-test-${process.pid}/config.toml`;
  // Stand-ins by argv only (no containerd binary is run): what /proc shows is all that is matched.
  const idle = ['-e', 'setInterval(() => {}, 1000)', '--'];
  const started = [
    spawn(process.execPath, [...idle, '--config', config], { argv0: '/usr/bin/containerd' }),
    spawn(process.execPath, [...idle, '-address', config], { argv0: '/usr/bin/containerd-shim-runc-v2' }),
    spawn(process.execPath, [...idle, '--config', `${config}.other`], { argv0: '/usr/bin/containerd' }),
  ];
  t.after(() => {
    for (const child of started) child.kill('SIGKILL');
  });
  await Promise.all(started.map((child) => once(child, 'spawn')));
  const [daemon, shim] = started;
  assert.deepEqual(containerdPids(config), [daemon!.pid]);
  assert.deepEqual(shimPids(config), [shim!.pid]);
  await stopProcess(daemon!.pid!, 2000);
  assert.equal(processAlive(daemon!.pid!), false);
  assert.deepEqual(containerdPids(config), []);
});
