// `kts store ...`: maintenance of the datastore (snapshots). `save` works while a server runs;
// `restore` needs the server stopped (it refuses while the database is open).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { restoreSnapshot, saveSnapshot } from '../storage/open-store.ts';
import { DEFAULT_DATA_DIR, defaultDatastoreFor } from '../storage/paths.ts';

interface DatastoreFlags {
  datastore?: string;
  dataDir: string;
}

interface RestoreFlags extends DatastoreFlags {
  etcdDataDir?: string;
  etcdName?: string;
  etcdPeerUrl?: string;
  etcdInitialCluster?: string;
}

function datastoreOf(flags: DatastoreFlags): string {
  return flags.datastore ?? defaultDatastoreFor(resolve(flags.dataDir));
}

function withDatastoreFlags(command: Command): Command {
  return command
    .option('--datastore <url>', 'sqlite:///path/state.db, a plain path, or etcd://host1:2379,host2:2379')
    .option(
      '--data-dir <dir>',
      'data dir whose embedded database to use when --datastore is not given',
      DEFAULT_DATA_DIR,
    );
}

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('maintain the datastore');
  const snapshot = store.command('snapshot').description('save or restore a snapshot of the datastore');

  withDatastoreFlags(
    snapshot
      .command('save <file>')
      .description('write a consistent snapshot of the datastore to FILE (safe while the server runs)'),
  ).action(async (file: string, flags: DatastoreFlags, command: Command) => {
    const datastore = datastoreOf(flags);
    try {
      await saveSnapshot(datastore, resolve(file));
    } catch (error) {
      command.error(`error: snapshot save failed: ${(error as Error).message}`);
    }
    console.log(`saved a snapshot of ${datastore} to ${file} (${statSync(file).size} bytes)`);
  });

  withDatastoreFlags(
    snapshot
      .command('restore <file>')
      .description('replace the datastore with the snapshot FILE (stop the server first)')
      .option('--etcd-data-dir <dir>', 'etcd: the new member data dir to build')
      .option('--etcd-name <name>', 'etcd: the member name')
      .option('--etcd-peer-url <url>', 'etcd: the member peer URL')
      .option('--etcd-initial-cluster <list>', 'etcd: name=peerUrl,... for the whole new cluster'),
  ).action(async (file: string, flags: RestoreFlags, command: Command) => {
    const datastore = datastoreOf(flags);
    const etcd =
      flags.etcdDataDir && flags.etcdName && flags.etcdPeerUrl
        ? {
            dataDir: resolve(flags.etcdDataDir),
            name: flags.etcdName,
            peerUrl: flags.etcdPeerUrl,
            initialCluster: flags.etcdInitialCluster,
          }
        : undefined;
    try {
      console.log(await restoreSnapshot(datastore, resolve(file), { etcd }));
    } catch (error) {
      command.error(`error: snapshot restore failed: ${(error as Error).message}`);
    }
  });
}
