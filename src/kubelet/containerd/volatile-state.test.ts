import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCommand } from '../cni/host-commands.ts';
import { ensureTmpfsStateDir, onTmpfs } from './volatile-state.ts';

test('a dir that already holds state is never covered by a new tmpfs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'containerd.pid'), '1');
  const wasTmpfs = onTmpfs(dir);
  assert.equal(await ensureTmpfsStateDir(dir), false);
  assert.equal(onTmpfs(dir), wasTmpfs);
});

test('an empty state dir ends up on a tmpfs (mounted once, kept on the second call)', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'kts-state-')), 'run');
  let mounted = false;
  t.after(async () => {
    if (mounted) await runCommand('umount', [dir]);
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
  const onDiskBefore = !onTmpfs(join(dir, '..'));
  mounted = await ensureTmpfsStateDir(dir);
  assert.equal(mounted, onDiskBefore);
  assert.equal(onTmpfs(dir), true);
  writeFileSync(join(dir, 'x'), '');
  assert.equal(await ensureTmpfsStateDir(dir), false);
});
