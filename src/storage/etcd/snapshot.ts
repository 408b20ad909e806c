// Snapshots of the etcd backend are etcd's own: the maintenance Snapshot RPC streams a member's
// whole database (consistent at one revision, taken online), the very file `etcdctl snapshot
// save` writes. So an etcd operator's usual tools restore it, with every revision kept, and a
// restore is what etcd documents: an offline step on each member that builds a new data dir
// (`etcdctl snapshot restore`), after which the members start from it. A logical dump would have
// been restorable through the API, but would renumber revisions and lose history.
import { spawn } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { StoreError } from '../store.ts';

export const ETCDCTL_BIN = process.env.KTS_ETCDCTL_BIN ?? '/usr/bin/etcdctl';

/** Streams the member's snapshot into `file` (replaced atomically once complete). */
export async function saveEtcdSnapshot(client: Etcd3, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const partial = join(dirname(file), `.${basename(file)}.partial-${process.pid}-${Date.now()}`);
  try {
    const stream = await client.maintenance.snapshot();
    const out = createWriteStream(partial, { mode: 0o600 });
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: { blob: Buffer }) => {
        if (!out.write(chunk.blob)) {
          (stream as unknown as { pause(): void }).pause();
          out.once('drain', () => (stream as unknown as { resume(): void }).resume());
        }
      });
      stream.on('error', reject);
      stream.on('end', () => out.end());
      out.on('error', reject);
      out.on('finish', resolve);
    });
    const fd = openSync(partial, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

export interface EtcdRestoreOptions {
  /** The snapshot file (from `kts store snapshot save` or `etcdctl snapshot save`). */
  snapshot: string;
  /** The new member data dir; must not exist yet. */
  dataDir: string;
  /** This member's name, as it will be started. */
  name: string;
  /** This member's peer URL, as it will be started. */
  peerUrl: string;
  /** The whole new cluster, `name=peerUrl,...`; default: this member alone. */
  initialCluster?: string;
}

/**
 * Builds an etcd member data dir from a snapshot (etcd's offline restore, run on the member's
 * machine while its etcd is stopped). Start etcd on `dataDir` with the same name and peer URL.
 */
export async function restoreEtcdSnapshot(options: EtcdRestoreOptions): Promise<void> {
  if (!existsSync(options.snapshot)) throw new StoreError(`no snapshot at ${options.snapshot}`);
  if (existsSync(options.dataDir))
    throw new StoreError(`${options.dataDir} already exists: restore into a new dir`);
  if (!existsSync(ETCDCTL_BIN)) {
    throw new StoreError(`${ETCDCTL_BIN} is missing: install Debian's etcd-client to restore etcd snapshots`);
  }
  const args = [
    'snapshot',
    'restore',
    options.snapshot,
    `--data-dir=${options.dataDir}`,
    `--name=${options.name}`,
    `--initial-advertise-peer-urls=${options.peerUrl}`,
    `--initial-cluster=${options.initialCluster ?? `${options.name}=${options.peerUrl}`}`,
  ];
  await new Promise<string>((resolve, reject) => {
    const child = spawn(ETCDCTL_BIN, args, { env: { ...process.env, ETCDCTL_API: '3' } });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      text += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new StoreError(`etcdctl snapshot restore failed:\n${text}`)),
    );
  });
}
