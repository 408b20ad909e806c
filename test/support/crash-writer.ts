// Child process of the crash test: writes to a store as fast as it can from several concurrent
// writers and prints one line per acknowledged write, after the acknowledgement:
//   <revision> <op> <key> <value>      (op: C create, U update, D delete; value '-' for D)
// stdout to a pipe is synchronous on Linux, so a printed line was acknowledged before any kill.
// Usage: crash-writer.ts DATASTORE ROUND [WRITERS]
import { openStore } from '../../src/storage/open-store.ts';
import { ConflictError, type KeyValue } from '../../src/storage/store.ts';

const [datastore, round, writersArg] = process.argv.slice(2);
if (!datastore || !round) throw new Error('usage: crash-writer.ts DATASTORE ROUND [WRITERS]');
const writers = Number(writersArg ?? 16);
const store = await openStore(datastore, { compaction: { enabled: false } });
const enc = (s: string) => new TextEncoder().encode(s);

function report(op: string, kv: KeyValue, value: string): void {
  process.stdout.write(`${kv.modRevision} ${op} ${kv.key} ${value}\n`);
}

async function writer(id: number): Promise<void> {
  const counter = `/crash/counters/w${id}`;
  for (let i = 0; ; i++) {
    const key = `/crash/r${round}/w${id}/${i}`;
    const value = `${round}.${id}.${i}`;
    report('C', await store.create(key, enc(value)), value);
    if (i % 5 === 4) report('D', await store.delete(`/crash/r${round}/w${id}/${i - 2}`), '-');
    // A shared-looking key per writer, updated with compare-and-swap (created in the first round).
    const current = await store.get(counter);
    try {
      const kv = current
        ? await store.update(counter, enc(value), current.modRevision)
        : await store.create(counter, enc(value));
      report(current ? 'U' : 'C', kv, value);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));
