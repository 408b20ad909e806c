// The images kts builds itself from static binaries on the host, so that no pod ever needs a
// registry: the pod sandbox ("pause") image from Debian's catatonit, and a small utility image
// from busybox-static (sh, httpd, sleep, nc, wget…) for tests and debugging.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type BuiltImage, buildOciImage } from './oci-layout.ts';
import type { TarEntry } from './tar.ts';

export const PAUSE_IMAGE = 'kts.local/pause:3.10';
export const BUSYBOX_IMAGE = 'kts.local/busybox:1';

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * What runc and the CRI mount over in every container: /proc, /sys, /dev and the three files the
 * runtime bind-mounts into /etc. Present in the image, they need not be created in the
 * container's writable layer at each start: a few inodes fewer per container, and creating an
 * inode on a busy disk filesystem is not cheap (see containerd/volatile-state.ts).
 */
export function mountPoints(etcFiles: string[]): TarEntry[] {
  return [
    { type: 'directory', path: 'dev', mode: 0o755 },
    { type: 'directory', path: 'proc', mode: 0o555 },
    { type: 'directory', path: 'sys', mode: 0o555 },
    { type: 'directory', path: 'etc' },
    ...etcFiles.map((name): TarEntry => ({ type: 'file', path: `etc/${name}`, data: Buffer.alloc(0) })),
  ];
}

/** The pause image: catatonit in pause mode (`-P`) only waits for signals, as upstream's pause does. */
export function buildPauseImage(catatonit = '/usr/bin/catatonit'): BuiltImage {
  return buildOciImage({
    name: PAUSE_IMAGE,
    files: [
      { type: 'file', path: 'catatonit', mode: 0o755, data: readFileSync(catatonit) },
      // The sandbox gets the pod's resolv.conf.
      ...mountPoints(['resolv.conf']),
    ],
    config: {
      // Upstream's pause image runs as 65535 too: nothing in the sandbox needs root.
      User: '65535:65535',
      Env: [PATH_ENV],
      Entrypoint: ['/catatonit', '-P'],
      WorkingDir: '/',
    },
    createdBy: `kts: ${catatonit} -P`,
  });
}

/** The applets a busybox binary provides (its own `--list`). */
export function busyboxApplets(busybox: string): string[] {
  return (
    execFileSync(busybox, ['--list'], { encoding: 'utf8' })
      .split('\n')
      .map((s) => s.trim())
      // '[' and '[[' are fine as file names; anything with a slash is not an applet name.
      .filter((s) => s !== '' && s !== 'busybox' && !s.includes('/'))
  );
}

/**
 * A busybox image: /bin/busybox plus one symlink per applet, passwd/group, /tmp, /var/www and the
 * runtime's mount points.
 */
export function buildBusyboxImage(busybox = '/bin/busybox'): BuiltImage {
  const files: TarEntry[] = [
    { type: 'directory', path: 'bin' },
    { type: 'file', path: 'bin/busybox', mode: 0o755, data: readFileSync(busybox) },
    ...busyboxApplets(busybox).map(
      (name): TarEntry => ({ type: 'symlink', path: `bin/${name}`, target: 'busybox' }),
    ),
    ...mountPoints(['hostname', 'hosts', 'resolv.conf']),
    {
      type: 'file',
      path: 'etc/passwd',
      data: Buffer.from(
        'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
      ),
    },
    { type: 'file', path: 'etc/group', data: Buffer.from('root:x:0:\nnobody:x:65534:\n') },
    { type: 'directory', path: 'root', mode: 0o700 },
    { type: 'directory', path: 'tmp', mode: 0o1777 },
    { type: 'directory', path: 'var' },
    { type: 'directory', path: 'var/www' },
  ];
  return buildOciImage({
    name: BUSYBOX_IMAGE,
    files,
    config: { Env: [PATH_ENV], Cmd: ['sh'], WorkingDir: '/' },
    createdBy: `kts: ${busybox} with its applets`,
  });
}
