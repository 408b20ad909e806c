import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mountsUnder } from '../containerd/leftovers.ts';
import { CommandMounter, type Mounter, SyscallMounter } from './mounter.ts';

const mountsIn = (dir: string) => mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), [dir]);

for (const [name, make] of [
  ['the syscall helper', () => new SyscallMounter()],
  ['the mount commands', () => new CommandMounter()],
] as const) {
  describe(`tmpfs mounts through ${name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kts-mounter-'));
    const mounter: Mounter = make();
    after(async () => {
      for (const point of mountsIn(dir)) await mounter.unmount(point).catch(() => {});
      mounter.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('mounts a tmpfs with its options and unmounts it', async () => {
      const point = join(dir, 'a b');
      mkdirSync(point);
      await mounter.mountTmpfs(point, ['mode=0750', 'size=1m']);
      const line = readFileSync('/proc/self/mountinfo', 'utf8')
        .split('\n')
        .find((l) => l.split(' ')[4] === point.replace(/ /g, '\\040'));
      assert.match(line ?? '', / - tmpfs tmpfs rw,size=1024k,mode=750/);
      assert.equal(statSync(point).mode & 0o777, 0o750);
      await mounter.unmount(point);
      assert.deepEqual(mountsIn(dir), []);
      // perl-base is on every Debian node: the helper, not the fallback, did it.
      if (mounter instanceof SyscallMounter) assert.equal(mounter.viaHelper, true);
    });

    it('runs many mounts at once', async () => {
      const points = Array.from({ length: 8 }, (_, i) => join(dir, `p${i}`));
      for (const p of points) mkdirSync(p);
      await Promise.all(points.map((p) => mounter.mountTmpfs(p, ['mode=0755'])));
      assert.equal(mountsIn(dir).length, 8);
      await Promise.all(points.map((p) => mounter.unmount(p)));
      assert.deepEqual(mountsIn(dir), []);
    });

    it('reports failures with the path', async () => {
      await assert.rejects(mounter.mountTmpfs(join(dir, 'missing'), ['mode=0755']), /missing/);
      await assert.rejects(mounter.unmount(dir), new RegExp(dir));
    });
  });
}
