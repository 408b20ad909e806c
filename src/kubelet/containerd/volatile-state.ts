// containerd's state dir (bundles, fifos, runc state, network namespace files) is volatile: on
// a systemd host it lives on the /run tmpfs. Where /run is a disk filesystem (these VMs), every
// pod start creates a hundred-odd files and directories there, and creating inodes on a busy
// ext4 costs ~0.5 ms of CPU each against ~0.03 ms on tmpfs — a third of containerd's CPU per
// pod. So kts gives its state dir its own tmpfs when it is not on one already. The mount stays
// when the agent stops (containers keep running on that state, as /run would); the leftover
// clean-up unmounts it with the rest.
import { mkdirSync, readdirSync, statfsSync } from 'node:fs';
import { mustRun } from '../cni/host-commands.ts';

/** statfs(2)'s f_type of a tmpfs. */
export const TMPFS_MAGIC = 0x01021994;

export function onTmpfs(dir: string): boolean {
  return statfsSync(dir).type === TMPFS_MAGIC;
}

/**
 * Mounts a tmpfs on `dir` unless it is on one already. An existing non-empty dir (state of
 * containers still running from an earlier start) is never covered. Returns whether it mounted.
 */
export async function ensureTmpfsStateDir(dir: string): Promise<boolean> {
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  if (onTmpfs(dir) || readdirSync(dir).length > 0) return false;
  await mustRun('mount', ['-t', 'tmpfs', '-o', 'mode=0711,nosuid,nodev', 'kts-containerd-state', dir]);
  return true;
}
