// The kubelet's /stats/summary (statsapi.Summary, what metrics-server reads for `kubectl top`):
// per-pod and per-container CPU and memory from the runtime's ListPodSandboxStats, and the
// node's own from /proc. CPU usage rates (usageNanoCores) are derived from two samples when the
// runtime does not report them.
import { readFileSync } from 'node:fs';
import type { CriClient } from '../cri/cri-client.ts';
import type { CpuUsage, MemoryUsage, PodSandboxStats } from '../cri/types.ts';
import { parseMemAvailable, parseMemTotal } from '../node/machine-info.ts';

export interface CpuStats {
  time: string;
  usageNanoCores?: number;
  usageCoreNanoSeconds?: number;
}

export interface MemoryStats {
  time: string;
  availableBytes?: number;
  usageBytes?: number;
  workingSetBytes?: number;
  rssBytes?: number;
  pageFaults?: number;
  majorPageFaults?: number;
}

export interface PodStats {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: { name: string; startTime: string; cpu?: CpuStats; memory?: MemoryStats }[];
  cpu?: CpuStats;
  memory?: MemoryStats;
}

export interface Summary {
  node: { nodeName: string; startTime: string; cpu?: CpuStats; memory?: MemoryStats };
  pods: PodStats[];
}

const iso = (ns: number) => new Date(Math.floor(ns / 1e6)).toISOString();

/** Keeps the last CPU sample per id to turn cumulative usage into a rate. */
export class CpuRates {
  readonly #last = new Map<string, { usage: number; time: number }>();

  rate(id: string, usageNs: number | undefined, timeNs: number): number | undefined {
    if (usageNs === undefined) return undefined;
    const prev = this.#last.get(id);
    this.#last.set(id, { usage: usageNs, time: timeNs });
    if (!prev || timeNs <= prev.time || usageNs < prev.usage) return undefined;
    return Math.round(((usageNs - prev.usage) / (timeNs - prev.time)) * 1e9);
  }
}

function cpu(id: string, c: CpuUsage | null | undefined, rates: CpuRates): CpuStats | undefined {
  if (!c) return undefined;
  const usage = c.usageCoreNanoSeconds?.value;
  const reported = c.usageNanoCores?.value;
  const derived = rates.rate(id, usage, c.timestamp);
  return {
    time: iso(c.timestamp),
    usageNanoCores: reported || derived,
    usageCoreNanoSeconds: usage,
  };
}

function memory(m: MemoryUsage | null | undefined): MemoryStats | undefined {
  if (!m) return undefined;
  return {
    time: iso(m.timestamp),
    availableBytes: m.availableBytes?.value || undefined,
    usageBytes: m.usageBytes?.value,
    workingSetBytes: m.workingSetBytes?.value,
    rssBytes: m.rssBytes?.value,
    pageFaults: m.pageFaults?.value,
    majorPageFaults: m.majorPageFaults?.value,
  };
}

/** The node's CPU (from /proc/stat, USER_HZ = 100) and memory (from /proc/meminfo). */
function nodeStats(rates: CpuRates): { cpu: CpuStats; memory: MemoryStats } {
  const now = Date.now();
  const timeNs = now * 1e6;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const busyNs =
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1e7;
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const total = parseMemTotal(meminfo);
  const available = parseMemAvailable(meminfo);
  return {
    cpu: {
      time: new Date(now).toISOString(),
      usageCoreNanoSeconds: busyNs,
      usageNanoCores: rates.rate('node', busyNs, timeNs),
    },
    memory: {
      time: new Date(now).toISOString(),
      availableBytes: available,
      usageBytes: total - available,
      workingSetBytes: total - available,
    },
  };
}

export async function statsSummary(
  cri: CriClient,
  nodeName: string,
  startTime: string,
  rates: CpuRates,
): Promise<Summary> {
  const sandboxes = new Map((await cri.listPodSandbox()).map((s) => [s.id, s]));
  let stats: PodSandboxStats[];
  try {
    stats = await cri.listPodSandboxStats();
  } catch {
    // containerd fails the whole list when one sandbox's stats cannot be read (a stopped one
    // whose cgroup is gone): ask for each ready sandbox alone, skipping failures.
    stats = [];
    for (const s of sandboxes.values()) {
      if (s.state !== 'SANDBOX_READY') continue;
      stats.push(...(await cri.listPodSandboxStats({ id: s.id }).catch(() => [])));
    }
  }
  const pods: PodStats[] = [];
  for (const s of stats) {
    const attrs = s.attributes;
    if (!attrs?.metadata) continue;
    const sandbox = sandboxes.get(attrs.id);
    if (sandbox?.state !== 'SANDBOX_READY') continue;
    const linux = s.linux;
    pods.push({
      podRef: { name: attrs.metadata.name, namespace: attrs.metadata.namespace, uid: attrs.metadata.uid },
      startTime: iso(sandbox.createdAt),
      cpu: cpu(attrs.id, linux?.cpu, rates),
      memory: memory(linux?.memory),
      containers: (linux?.containers ?? []).map((c) => ({
        name: c.attributes?.metadata?.name ?? '',
        startTime: iso(sandbox.createdAt),
        cpu: cpu(c.attributes?.id ?? '', c.cpu, rates),
        memory: memory(c.memory),
      })),
    });
  }
  return { node: { nodeName, startTime, ...nodeStats(rates) }, pods };
}
