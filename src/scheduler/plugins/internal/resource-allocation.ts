// Shared by NodeResourcesFit's scoring and NodeResourcesBalancedAllocation (upstream's
// resourceAllocationScorer): for each configured resource, what the node can allocate and what
// would be requested on it with the pod added, then a scorer over those two vectors.
import type { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { isScalarResourceName } from '../../framework/resource.ts';
import type { ResourceSpec } from './args.ts';

/** The pod's request of one resource; `useRequested` false counts the scoring defaults for cpu/memory. */
export function podRequestOf(pod: PodInfo, resource: string, useRequested: boolean): number {
  switch (resource) {
    case 'cpu':
      return useRequested ? pod.requests.milliCPU : pod.nonZeroMilliCPU;
    case 'memory':
      return useRequested ? pod.requests.memory : pod.nonZeroMemory;
    case 'ephemeral-storage':
      return pod.requests.ephemeralStorage;
    default:
      return pod.requests.scalar?.get(resource) ?? 0;
  }
}

const CPU = 0;
const MEMORY = 1;
const EPHEMERAL_STORAGE = 2;
const SCALAR = 3;
const OTHER = 4;

/** The scored resources with how each is read from a node worked out once (not per node). */
export interface ScoredResources {
  readonly specs: readonly ResourceSpec[];
  readonly kinds: Uint8Array;
}

export function scoredResources(specs: readonly ResourceSpec[]): ScoredResources {
  const kinds = new Uint8Array(specs.length);
  specs.forEach((r, i) => {
    kinds[i] =
      r.name === 'cpu'
        ? CPU
        : r.name === 'memory'
          ? MEMORY
          : r.name === 'ephemeral-storage'
            ? EPHEMERAL_STORAGE
            : isScalarResourceName(r.name)
              ? SCALAR
              : OTHER;
  });
  return { specs, kinds };
}

/**
 * Fills `alloc[i]`/`req[i]` for resource i on `node` with `podRequests[i]` added; alloc 0 means
 * "do not score this resource" (upstream's calculateResourceAllocatableRequest).
 */
export function fillAllocatableRequested(
  node: NodeInfo,
  resources: ScoredResources,
  podRequests: readonly number[],
  useRequested: boolean,
  alloc: number[],
  req: number[],
): void {
  const kinds = resources.kinds;
  for (let i = 0; i < kinds.length; i++) {
    const podRequest = podRequests[i]!;
    let a = 0;
    let r = 0;
    switch (kinds[i]) {
      case CPU:
        a = node.allocatable.milliCPU;
        r = (useRequested ? node.requested.milliCPU : node.nonZeroMilliCPU) + podRequest;
        break;
      case MEMORY:
        a = node.allocatable.memory;
        r = (useRequested ? node.requested.memory : node.nonZeroMemory) + podRequest;
        break;
      case EPHEMERAL_STORAGE:
        a = node.allocatable.ephemeralStorage;
        r = node.requested.ephemeralStorage + podRequest;
        break;
      default: {
        if (podRequest === 0 && kinds[i] === SCALAR) break;
        const name = resources.specs[i]!.name;
        a = node.allocatable.scalar?.get(name) ?? 0;
        if (a !== 0) r = (node.requested.scalar?.get(name) ?? 0) + podRequest;
      }
    }
    alloc[i] = a;
    req[i] = a === 0 ? 0 : r;
  }
}

export type Scorer = (
  req: readonly number[],
  alloc: readonly number[],
  resources: readonly ResourceSpec[],
) => number;

/** LeastAllocated: favours nodes with the most free capacity (spreading). */
export const leastAllocated: Scorer = (req, alloc, resources) => {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = alloc[i]!;
    if (a === 0) continue;
    const r = req[i]!;
    const w = resources[i]!.weight;
    score += (r > a ? 0 : Math.trunc(((a - r) * 100) / a)) * w;
    weights += w;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
};

/** MostAllocated: favours the fullest nodes (bin packing). */
export const mostAllocated: Scorer = (req, alloc, resources) => {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = alloc[i]!;
    if (a === 0) continue;
    const r = Math.min(req[i]!, a);
    const w = resources[i]!.weight;
    score += Math.trunc((r * 100) / a) * w;
    weights += w;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
};

export interface UtilizationShapePoint {
  utilization: number;
  /** 0..10 in the configuration; scaled ×10 here. */
  score: number;
}

/** RequestedToCapacityRatio: a piecewise-linear function of utilization, per resource, weighted. */
export function requestedToCapacityRatio(shape: readonly UtilizationShapePoint[]): Scorer {
  const points = shape.map((p) => ({ utilization: p.utilization, score: p.score * 10 }));
  const f = (p: number): number => {
    for (let i = 0; i < points.length; i++) {
      if (p <= points[i]!.utilization) {
        if (i === 0) return points[0]!.score;
        const a = points[i - 1]!;
        const b = points[i]!;
        return (
          a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization))
        );
      }
    }
    return points[points.length - 1]!.score;
  };
  return (req, alloc, resources) => {
    let score = 0;
    let weights = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = alloc[i]!;
      if (a === 0) continue;
      const r = req[i]!;
      const s = r > a ? f(100) : f(Math.trunc((r * 100) / a));
      if (s > 0) {
        score += s * resources[i]!.weight;
        weights += resources[i]!.weight;
      }
    }
    return weights === 0 ? 0 : Math.round(score / weights);
  };
}

/** BalancedAllocation: favours nodes whose resource fractions stay close to each other. */
export const balancedAllocation: Scorer = (req, alloc, resources) => {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = alloc[i]!;
    if (a === 0) continue;
    const f = Math.min(req[i]! / a, 1);
    total += f;
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    // More than two resources: the population standard deviation of the fractions.
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = alloc[i]!;
      if (a === 0) continue;
      const f = Math.min(req[i]! / a, 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * 100);
};

/**
 * A resource score per node, kept until the node changes: the score is a pure function of the
 * node's allocatable and requested resources (which change only with a new `generation`) and of
 * the pod's request vector, so the pods of one workload, which all request the same, rescore
 * only the nodes that changed since the previous cycle (typically the one the last pod went to).
 */
export class NodeScoreMemo {
  #generations = new Float64Array(0);
  #scores = new Float64Array(0);
  #requests: number[] = [];

  /** Starts a pod's scoring: forgets every score when its requests differ from the last pod's. */
  forPod(podRequests: readonly number[]): void {
    const last = this.#requests;
    let same = last.length === podRequests.length;
    for (let i = 0; same && i < last.length; i++) same = last[i] === podRequests[i];
    if (same) return;
    this.#requests = podRequests.slice();
    this.#generations.fill(0);
  }

  /** The remembered score of the node as it is now, or -1. */
  get(node: NodeInfo): number {
    const i = node.index;
    return i >= 0 && i < this.#generations.length && this.#generations[i] === node.generation
      ? this.#scores[i]!
      : -1;
  }

  /**
   * Fills `scores` for `nodes` (a ScorePlugin's scoreNodes): a node unchanged since it was last
   * scored for the same requests keeps its score, the others get `compute(node)`.
   */
  scoreNodes(
    podRequests: readonly number[],
    nodes: readonly NodeInfo[],
    scores: number[],
    compute: (node: NodeInfo) => number,
  ): void {
    this.forPod(podRequests);
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n]!;
      let score = this.get(node);
      if (score < 0) {
        score = compute(node);
        this.set(node, score);
      }
      scores[n] = score;
    }
  }

  set(node: NodeInfo, score: number): void {
    const i = node.index;
    if (i < 0) return;
    if (i >= this.#generations.length) {
      const size = Math.max(i + 1, this.#generations.length * 2, 64);
      const g = new Float64Array(size);
      g.set(this.#generations);
      const s = new Float64Array(size);
      s.set(this.#scores);
      this.#generations = g;
      this.#scores = s;
    }
    // The generation is process-wide unique per state of a node (a copy shares it only while
    // it is identical), so it alone says whether the score still holds, whichever node sits at i.
    this.#generations[i] = node.generation;
    this.#scores[i] = score;
  }
}
