// Requests and limits → the cgroup settings the CRI takes (cpu shares, CFS quota and period,
// memory limit, OOM score), computed as upstream's kubelet does on cgroup v1.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { LinuxContainerResources } from '../cri/types.ts';
import { containerOOMScoreAdjust } from './qos.ts';
import { quantityMilliValue, quantityValue } from './quantity.ts';

export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;
const SHARES_PER_CPU = 1024;
/** 100 ms, in microseconds. */
export const QUOTA_PERIOD = 100_000;
const MIN_QUOTA_PERIOD = 1000;

/** cpu.shares for a CPU request in millicores (2 for none). */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu === 0) return MIN_SHARES;
  const shares = Math.trunc((milliCpu * SHARES_PER_CPU) / 1000);
  return Math.min(Math.max(shares, MIN_SHARES), MAX_SHARES);
}

/** cpu.cfs_quota_us for a CPU limit in millicores (0, i.e. unlimited, for none). */
export function milliCpuToQuota(milliCpu: number, period: number): number {
  if (milliCpu === 0) return 0;
  return Math.max(Math.trunc((milliCpu * period) / 1000), MIN_QUOTA_PERIOD);
}

export interface ResourceSettings {
  /** Whether to enforce CPU limits with CFS quota (kubelet --cpu-cfs-quota, default true). */
  cpuCFSQuota?: boolean;
}

type Quantity = string | number | undefined;

/** calculateLinuxResources: a missing CPU request defaults to the limit. */
export function calculateLinuxResources(
  cpuRequest: Quantity,
  cpuLimit: Quantity,
  memoryLimit: Quantity,
  settings: ResourceSettings = {},
): LinuxContainerResources {
  const resources: LinuxContainerResources = {};
  resources.cpuShares =
    cpuRequest === undefined && cpuLimit !== undefined
      ? milliCpuToShares(quantityMilliValue(cpuLimit))
      : milliCpuToShares(quantityMilliValue(cpuRequest));
  const memory = quantityValue(memoryLimit);
  if (memory !== 0) resources.memoryLimitInBytes = memory;
  if (settings.cpuCFSQuota ?? true) {
    resources.cpuQuota = milliCpuToQuota(quantityMilliValue(cpuLimit), QUOTA_PERIOD);
    resources.cpuPeriod = QUOTA_PERIOD;
  }
  return resources;
}

/** A container's cgroup settings, with its OOM score adjustment. */
export function containerLinuxResources(
  pod: Pod,
  container: Container,
  node: { memoryCapacity: number },
  settings: ResourceSettings = {},
): LinuxContainerResources {
  const r = container.resources ?? {};
  const resources = calculateLinuxResources(r.requests?.cpu, r.limits?.cpu, r.limits?.memory, settings);
  resources.oomScoreAdj = containerOOMScoreAdjust(pod, container, node.memoryCapacity);
  return resources;
}

type ResourceName = 'cpu' | 'memory';

/** A container's effective request: API defaulting copies a limit into a missing request. */
function request(c: Container, name: ResourceName): Quantity {
  return c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
}

/**
 * PodRequests / PodLimits without overhead, for one resource: regular containers add up;
 * restartable (sidecar) init containers add up too and run alongside each later init
 * container; the pod needs the larger of that and its busiest init step. Millis for cpu,
 * bytes for memory.
 */
export function podResourceTotal(pod: Pod, name: ResourceName, kind: 'requests' | 'limits'): number {
  const value = (c: Container) => {
    const q = kind === 'requests' ? request(c, name) : c.resources?.limits?.[name];
    return name === 'cpu' ? quantityMilliValue(q) : quantityValue(q);
  };
  let total = (pod.spec?.containers ?? []).reduce((sum, c) => sum + value(c), 0);
  let sidecars = 0;
  let initPeak = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    if ((c as { restartPolicy?: string }).restartPolicy === 'Always') {
      total += value(c);
      sidecars += value(c);
      initPeak = Math.max(initPeak, sidecars);
    } else {
      initPeak = Math.max(initPeak, value(c) + sidecars);
    }
  }
  return Math.max(total, initPeak);
}

/** The sandbox's resources (the pod's aggregate), as upstream passes them to the runtime. */
export function sandboxLinuxResources(pod: Pod, settings: ResourceSettings = {}): LinuxContainerResources {
  return calculateLinuxResources(
    `${podResourceTotal(pod, 'cpu', 'requests')}m`,
    `${podResourceTotal(pod, 'cpu', 'limits')}m`,
    podResourceTotal(pod, 'memory', 'limits'),
    settings,
  );
}
