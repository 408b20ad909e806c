// `kts store ...`: offline and online maintenance of the datastore (snapshots).
import type { Command } from 'commander';

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('maintain the datastore');
  const snapshot = store.command('snapshot').description('save or restore a snapshot of the datastore');
  snapshot
    .command('save <file>')
    .description('write a consistent snapshot of the datastore to FILE')
    .action(() => {
      throw new Error('snapshot save: the store backends are not written yet');
    });
}
