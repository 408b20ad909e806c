import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cgroupMounts, removeCgroupTree } from './cgroup-tree.ts';

test('cgroup mounts of both versions, from mountinfo', () => {
  const mountinfo = [
    '22 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
    '30 22 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory',
    '31 22 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw',
  ].join('\n');
  assert.deepEqual(cgroupMounts(mountinfo), ['/sys/fs/cgroup/memory', '/sys/fs/cgroup/unified']);
});

test('refuses paths that could reach outside a pod cgroup', () => {
  assert.throws(() => removeCgroupTree('/'), /refusing cgroup path/);
  assert.throws(() => removeCgroupTree('kubepods'), /refusing cgroup path/);
  assert.throws(() => removeCgroupTree('/kubepods/../x'), /refusing cgroup path/);
});
