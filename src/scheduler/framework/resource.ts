// Resource arithmetic as the scheduler sees it (upstream's framework.Resource): CPU in
// millicores, memory and ephemeral storage in bytes, a pod count, and "scalar" resources
// (extended resources such as example.com/gpu, hugepages-*, attachable-volumes-*).
// Quantity strings repeat endlessly across pods ("100m", "500Mi"), so parsed values are cached.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import { parseQuantity } from '../../machinery/quantity.ts';

export type ResourceList = Readonly<Record<string, string | number>>;

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended and other scalar resources; null while there are none (the common case). */
  scalar: Map<string, number> | null;
}

/** Defaults counted for containers that request no CPU / memory, for scoring only (upstream's non-zero requests). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: null };
}

export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: r.scalar ? new Map(r.scalar) : null };
}

const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();

/** A quantity in thousandths (for CPU). Unparseable quantities count as 0 (the API validates them). */
export function milliValue(q: string | number): number {
  const key = String(q);
  let v = milliCache.get(key);
  if (v === undefined) {
    try {
      v = parseQuantity(key).milliValue();
    } catch {
      v = 0;
    }
    if (milliCache.size > 10_000) milliCache.clear();
    milliCache.set(key, v);
  }
  return v;
}

/** A quantity rounded up to an integer (bytes, counts). */
export function intValue(q: string | number): number {
  const key = String(q);
  let v = valueCache.get(key);
  if (v === undefined) {
    try {
      v = parseQuantity(key).value();
    } catch {
      v = 0;
    }
    if (valueCache.size > 10_000) valueCache.clear();
    valueCache.set(key, v);
  }
  return v;
}

/** Upstream's IsScalarResourceName: extended (domain-prefixed), kubernetes.io/-prefixed, hugepages-*, attachable-volumes-*. */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

/** Upstream's IsExtendedResourceName: domain-prefixed, not kubernetes.io, not requests.*. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.includes('kubernetes.io/')) return false;
  return !name.startsWith('requests.');
}

/** Adds a ResourceList into `r` (in place). */
export function addResourceList(r: Resource, list: ResourceList | undefined): void {
  if (!list) return;
  for (const name in list) {
    const q = list[name]!;
    switch (name) {
      case 'cpu':
        r.milliCPU += milliValue(q);
        break;
      case 'memory':
        r.memory += intValue(q);
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage += intValue(q);
        break;
      case 'pods':
        r.allowedPodNumber += intValue(q);
        break;
      default:
        if (isScalarResourceName(name)) {
          r.scalar ??= new Map();
          r.scalar.set(name, (r.scalar.get(name) ?? 0) + intValue(q));
        }
    }
  }
}

/** A Resource from a ResourceList (node allocatable, a container's requests). */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  addResourceList(r, list);
  return r;
}

function addInto(into: Resource, r: Resource, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  into.allowedPodNumber += sign * r.allowedPodNumber;
  if (r.scalar) {
    into.scalar ??= new Map();
    for (const [k, v] of r.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + sign * v);
  }
}

export function addResource(into: Resource, r: Resource): void {
  addInto(into, r, 1);
}

export function subtractResource(into: Resource, r: Resource): void {
  addInto(into, r, -1);
}

function maxInto(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  into.allowedPodNumber = Math.max(into.allowedPodNumber, r.allowedPodNumber);
  if (r.scalar) {
    into.scalar ??= new Map();
    for (const [k, v] of r.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
  }
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const requests = c.resources?.requests as ResourceList | undefined;
  const r = resourceFromList(requests);
  if (nonZero) {
    if (requests?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (requests?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * A pod's effective requests (upstream's resourcehelper.PodRequests): the sum of its containers,
 * raised to what any init container needs while it runs (with the restartable "sidecar" init
 * containers started before it), plus the pod overhead. With `nonZero`, containers that
 * request no CPU/memory count the scoring defaults (100m, 200Mi).
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const spec = pod.spec;
  const reqs = emptyResource();
  if (!spec) return reqs;
  for (const c of spec.containers ?? []) addResource(reqs, containerRequests(c, nonZero));
  if (spec.initContainers?.length) {
    const sidecars = emptyResource();
    const initMax = emptyResource();
    for (const c of spec.initContainers) {
      const r = containerRequests(c, nonZero);
      if (c.restartPolicy === 'Always') {
        addResource(reqs, r);
        addResource(sidecars, r);
        maxInto(initMax, sidecars);
      } else {
        addResource(r, sidecars);
        maxInto(initMax, r);
      }
    }
    maxInto(reqs, initMax);
  }
  addResourceList(reqs, spec.overhead as ResourceList | undefined);
  return reqs;
}

/** Whether a pod requests nothing at all (a best-effort pod for the fit filter). */
export function isZeroResource(r: Resource): boolean {
  return (
    r.milliCPU === 0 &&
    r.memory === 0 &&
    r.ephemeralStorage === 0 &&
    (r.scalar === null || r.scalar.size === 0)
  );
}
