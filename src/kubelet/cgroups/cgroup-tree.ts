// Pod cgroups on the host. runc creates a pod's cgroup parent (e.g. /kubepods/besteffort/pod<uid>)
// in every hierarchy when the sandbox starts, but nothing removes the directories once the pod's
// containers are gone: these helpers find and remove such a tree, leaves first. Works on cgroup
// v1 (one mount per controller) and v2, reading the mount points from /proc/self/mountinfo.
import { readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Mount points of cgroup (v1) and cgroup2 file systems, from mountinfo text. Pure. */
export function cgroupMounts(mountinfo: string): string[] {
  const mounts: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep === -1) continue;
    const fsType = line.slice(sep + 3).split(' ')[0];
    if (fsType === 'cgroup' || fsType === 'cgroup2') mounts.push(line.split(' ')[4]!);
  }
  return [...new Set(mounts)];
}

function removeTree(dir: string): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const child = join(dir, name);
    try {
      if (statSync(child).isDirectory()) removed += removeTree(child);
    } catch {
      // Gone meanwhile.
    }
  }
  try {
    // rmdir is the only way to remove a cgroup; it fails while processes are still inside.
    rmdirSync(dir);
    removed++;
  } catch {
    // Still populated or already gone.
  }
  return removed;
}

/**
 * Removes the cgroup `path` (e.g. `/kubepods/burstable/pod<uid>`) and its children in every
 * hierarchy. Cgroups that still hold processes stay. Returns how many directories went.
 */
export function removeCgroupTree(
  path: string,
  mountinfo = readFileSync('/proc/self/mountinfo', 'utf8'),
): number {
  if (!path.startsWith('/') || path === '/' || path.split('/').includes('..'))
    throw new Error(`refusing cgroup path ${path}`);
  let removed = 0;
  for (const mount of cgroupMounts(mountinfo)) removed += removeTree(join(mount, path));
  return removed;
}

/** Whether the cgroup `path` exists in any hierarchy. */
export function cgroupExists(
  path: string,
  mountinfo = readFileSync('/proc/self/mountinfo', 'utf8'),
): boolean {
  return cgroupMounts(mountinfo).some((mount) => {
    try {
      return statSync(join(mount, path)).isDirectory();
    } catch {
      return false;
    }
  });
}
