// bench/update-paths.ts — the server's CPU per PUT on the update paths bench:controllers leans
// on: hollow nodes renewing their Leases (a PUT of the object the last PUT returned, ~30% of that
// bench's writes), a PUT right after the previous one (the watch cache may not have the client's
// revision yet) and a PUT with a stale resourceVersion (a certain 409, as controllers that write
// from an old informer copy get). A fresh `kts server` (SQLite store, nothing else running).
// Prints server CPU µs per PUT for each path.
// KTS_BENCH_SERVER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
// Run: ./node_modules/.bin/node bench/update-paths.ts [--leases 2000] [--rounds 3] [--clients 32]
import { readFileSync } from 'node:fs';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { connect, isConflict, LEASES, loadKubeconfig, NAMESPACES } from '../src/client/index.ts';
import { startServer } from '../test/support/kts-server.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const count = flag('--leases', 2000);
const rounds = flag('--rounds', 3);
const clients = flag('--clients', 32);

/** User + system CPU time of a process so far, in milliseconds (all its threads). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

const microTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

const serverOptions = process.env.KTS_BENCH_SERVER_NODE_OPTIONS;
const server = await startServer(serverOptions ? { env: { NODE_OPTIONS: serverOptions } } : {});
const conn = connect(loadKubeconfig(server.kubeconfig), {
  fieldManager: 'update-bench',
  connections: clients,
});
try {
  const client = conn.client;
  await client
    .resource(NAMESPACES)
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  const leases = client.resource<Lease>(LEASES).namespace('bench');
  const held: Lease[] = [];
  await pool(count, clients, async (i) => {
    held[i] = await leases.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: `node-${i}`,
        namespace: 'bench',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: `node-${i}`, uid: `uid-${i}` }],
      },
      spec: { holderIdentity: `node-${i}`, leaseDurationSeconds: 40, renewTime: microTime(Date.now()) },
    });
  });
  const renew = (i: number) =>
    leases.update({ ...held[i]!, spec: { ...held[i]!.spec, renewTime: microTime(Date.now()) } });
  /** Server CPU µs per operation of `fn` run `n` times. */
  const measure = async (n: number, fn: (i: number) => Promise<unknown>) => {
    const start = cpuMs(server.process.pid!);
    await pool(n, clients, fn);
    return Math.round(((cpuMs(server.process.pid!) - start) * 1000) / n);
  };
  // Warm up the server's code paths once.
  await pool(count, clients, async (i) => {
    held[i] = await renew(i);
  });
  const renewals: number[] = [];
  const backToBack: number[] = [];
  const stale: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    renewals.push(
      await measure(count, async (i) => {
        held[i] = await renew(i);
      }),
    );
    // Two PUTs in a row per lease: the second carries the revision the first just returned.
    backToBack.push(
      await measure(count * 2, async (k) => {
        // Worker k does lease k/2's two PUTs: pool hands out indices in order, so run both here.
        if (k % 2 === 1) return;
        const i = k >> 1;
        held[i] = await renew(i);
        held[i] = await renew(i);
      }),
    );
    const old = held.map((l) => l);
    await pool(count, clients, async (i) => {
      held[i] = await renew(i);
    });
    stale.push(
      await measure(count, async (i) => {
        try {
          await leases.update({ ...old[i]!, spec: { ...old[i]!.spec, renewTime: microTime(Date.now()) } });
          throw new Error('a PUT with a stale resourceVersion succeeded');
        } catch (e) {
          if (!isConflict(e)) throw e;
        }
      }),
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const result = {
    leases: count,
    rounds,
    serverCpuUsPerLeasePut: median(renewals),
    serverCpuUsPerBackToBackPut: median(backToBack),
    serverCpuUsPerStalePut: median(stale),
  };
  console.log(
    `lease PUT: server CPU ${result.serverCpuUsPerLeasePut} µs/PUT (rounds ${renewals.join(', ')}), back-to-back ${result.serverCpuUsPerBackToBackPut} µs/PUT (${backToBack.join(', ')}), stale-revision 409 ${result.serverCpuUsPerStalePut} µs/PUT (${stale.join(', ')})`,
  );
  console.log(JSON.stringify(result));
} finally {
  await conn.close();
  await server.stop();
}
