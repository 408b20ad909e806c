// The scheduler's own cost, without the API: the same Scheduler, plugins and queue as in
// production, over an in-memory cache of hollow-shaped nodes, binding through a writer that
// only counts. Shows how fast the scheduling cycle is when the API server is not the limit.
// Run: ./node_modules/.bin/node bench/scheduler-cycle.ts [--nodes 5000] [--pods 10000] [--only X]
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { DEFAULT_SHAPE, hollowNode } from '../src/hollow/node-template.ts';
import type { SchedulerWriter } from '../src/scheduler/api-writer.ts';
import { resolveConfiguration } from '../src/scheduler/config/defaults.ts';
import { ASSIGNED_POD_DELETE } from '../src/scheduler/framework/events.ts';
import type { ClusterReader } from '../src/scheduler/framework/interfaces.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';
import { workloads } from './scheduler-workloads.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;

const cluster: ClusterReader = {
  namespaceLabels: () => ({}),
  namespaces: () => [],
  podDisruptionBudgets: () => [],
  services: () => [],
  replicationControllers: () => [],
  replicaSets: () => [],
  statefulSets: () => [],
  persistentVolumeClaim: () => undefined,
  persistentVolume: () => undefined,
  persistentVolumes: () => [],
  storageClass: () => undefined,
  pod: () => undefined,
  onStorageChange: () => () => {},
  stopped: new AbortController().signal,
};

/**
 * Pods per second of the scheduling cycle alone, and this process's CPU per measured pod (the
 * steadier figure on a shared machine: other processes slow the wall clock, not the CPU count).
 */
export async function cycleRun(
  name: string,
  nodes: number,
  initPods: Pod[],
  pods: Pod[],
  zones = 3,
  replicaSets: readonly ReplicaSet[] = [],
): Promise<{ podsPerSec: number; cpuUsPerPod: number }> {
  let bound = 0;
  const podsByKey = new Map<string, Pod>();
  const writer: SchedulerWriter = {
    bind: async () => {
      bound++;
    },
    // A deleted victim disappears at once (as if its kubelet finished it immediately).
    preemptPod: async (victim) => {
      s.cache.removePod(victim);
      s.queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE, victim, undefined);
    },
    clearNominatedNodeName: async () => {},
    setClaimSelectedNode: async (c) => c,
    event: () => {},
    updatePodScheduledCondition: async () => {},
    close: async () => {},
  };
  // The writer (above) refers to the scheduler it feeds.
  const s: Scheduler = new Scheduler({
    config: resolveConfiguration(),
    cluster: { ...cluster, replicaSets: (ns) => replicaSets.filter((r) => r.metadata?.namespace === ns) },
    writer,
    lookupPod: (key) => podsByKey.get(key),
  });
  const now = new Date().toISOString();
  for (let i = 0; i < nodes; i++) s.cache.addNode(hollowNode({ ...DEFAULT_SHAPE, zones }, i, now));
  let uid = 0;
  const add = (p: Pod) => {
    const pod = { ...p, metadata: { ...p.metadata, uid: `uid-${uid++}`, resourceVersion: '1' } };
    podsByKey.set(`${pod.metadata.namespace}/${pod.metadata.name}`, pod);
    s.queue.add(pod);
  };
  const ac = new AbortController();
  const running = s.run(ac.signal);
  for (const p of initPods) add(p);
  const waitBound = async (n: number) => {
    const deadline = Date.now() + 300_000;
    while (bound < n) {
      if (Date.now() > deadline) throw new Error(`${name}: only ${bound} of ${n} pods bound`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await waitBound(initPods.length);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const p of pods) add(p);
  await waitBound(initPods.length + pods.length);
  const cpu = process.cpuUsage(cpuStart);
  const seconds = (performance.now() - start) / 1000;
  ac.abort();
  await running;
  return { podsPerSec: pods.length / seconds, cpuUsPerPod: (cpu.user + cpu.system) / pods.length };
}

if (import.meta.main) {
  const scale = arg('--scale', 1);
  console.log('workload (scheduling cycle only)  nodes     pods   throughput   CPU/pod');
  for (const w of workloads(scale, true)) {
    if (only && !only.includes(w.name)) continue;
    const init = Array.from({ length: w.initCount }, (_, i) => w.init(i));
    const measured = Array.from({ length: w.measuredCount }, (_, i) => w.measured(i));
    const r = await cycleRun(w.name, w.nodes ?? 5000, init, measured, w.zones);
    console.log(
      `${w.name.padEnd(28)} ${String(w.nodes ?? 5000).padStart(6)} ${String(measured.length).padStart(8)} ${r.podsPerSec.toFixed(0).padStart(9)} pods/s ${r.cpuUsPerPod.toFixed(0).padStart(6)} µs`,
    );
  }
  // Not an upstream workload: the pods of one ReplicaSet (bench/controllers.ts), which get the
  // system default topology spreading (hostname and zone, ScheduleAnyway) from their owner.
  if (!only || only.includes('ReplicaSetPods')) {
    const nodes = Math.max(1, Math.round(5000 * scale));
    const count = Math.max(1, Math.round(10_000 * scale));
    const rs: ReplicaSet = {
      metadata: { name: 'big', namespace: 'bench', uid: 'rs-uid' },
      spec: { selector: { matchLabels: { app: 'big' } } },
    };
    const pods = Array.from({ length: count }, (_, i): Pod => {
      const pod = workloads(1)[0]!.measured(i);
      pod.metadata = {
        name: `big-${i}`,
        namespace: 'bench',
        labels: { app: 'big' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'big', uid: 'rs-uid', controller: true },
        ],
      };
      return pod;
    });
    const r = await cycleRun('ReplicaSetPods', nodes, [], pods, 3, [rs]);
    console.log(
      `${'ReplicaSetPods'.padEnd(28)} ${String(nodes).padStart(6)} ${String(count).padStart(8)} ${r.podsPerSec.toFixed(0).padStart(9)} pods/s ${r.cpuUsPerPod.toFixed(0).padStart(6)} µs`,
    );
  }
}
