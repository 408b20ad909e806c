// NodeResourcesFit: a pod fits a node when its requests (containers, init containers, overhead,
// extended resources) fit in what the node's allocatable leaves after the pods already there,
// and the node has room for one more pod. Scores nodes by the configured strategy:
// LeastAllocated (spread, the default), MostAllocated (bin packing) or RequestedToCapacityRatio.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import { Action } from '../../framework/events.ts';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.ts';
import { NodeInfo } from '../../framework/node-info.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { isExtendedResourceName, isZeroResource, type Resource } from '../../framework/resource.ts';
import { Code, Status } from '../../framework/status.ts';
import {
  fillAllocatableRequested,
  leastAllocated,
  mostAllocated,
  NodeScoreMemo,
  podRequestOf,
  requestedToCapacityRatio,
  type Scorer,
  scoredResources,
} from '../internal/resource-allocation.ts';
import { fitArgs } from './args.ts';

export const NAME = 'NodeResourcesFit';
const PRE_SCORE_KEY = `PreScore${NAME}`;

/** One resource a node lacks for the pod (upstream's InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** Even an empty node could not hold the request: preemption cannot help. */
  unresolvable: boolean;
}

function insufficient(
  out: InsufficientResource[],
  resourceName: string,
  reason: string,
  requested: number,
  used: number,
  capacity: number,
  unresolvable = requested > capacity,
): void {
  out.push({ resourceName, reason, requested, used, capacity, unresolvable });
}

/** What the pod's request lacks on the node; empty when it fits. */
export function fitsRequest(
  req: Resource,
  node: NodeInfo,
  ignored: ReadonlySet<string> = new Set(),
  ignoredGroups: ReadonlySet<string> = new Set(),
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = node.allocatable;
  const used = node.requested;
  if (node.pods.length + 1 > alloc.allowedPodNumber)
    insufficient(out, 'pods', 'Too many pods', 1, node.pods.length, alloc.allowedPodNumber, false);
  if (isZeroResource(req)) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU)
    insufficient(out, 'cpu', 'Insufficient cpu', req.milliCPU, used.milliCPU, alloc.milliCPU);
  if (req.memory > 0 && req.memory > alloc.memory - used.memory)
    insufficient(out, 'memory', 'Insufficient memory', req.memory, used.memory, alloc.memory);
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
    insufficient(
      out,
      'ephemeral-storage',
      'Insufficient ephemeral-storage',
      req.ephemeralStorage,
      used.ephemeralStorage,
      alloc.ephemeralStorage,
    );
  if (req.scalar) {
    for (const [name, quantity] of req.scalar) {
      if (quantity === 0) continue;
      if (isExtendedResourceName(name) && (ignored.has(name) || ignoredGroups.has(name.split('/')[0]!)))
        continue;
      const capacity = alloc.scalar?.get(name) ?? 0;
      const inUse = used.scalar?.get(name) ?? 0;
      if (quantity > capacity - inUse)
        insufficient(out, name, `Insufficient ${name}`, quantity, inUse, capacity);
    }
  }
  return out;
}

class PreScoreState implements StateData {
  readonly podRequests: number[];
  constructor(r: number[]) {
    this.podRequests = r;
  }
  clone(): StateData {
    return this;
  }
}

/** Whether the pod's request fits the node's allocatable alone (no other pods): used by the queueing hints. */
function fitsEmpty(pod: Pod, node: Node): boolean {
  const ni = new NodeInfo(node.metadata?.name ?? '', node);
  return fitsRequest(new PodInfo(pod).requests, ni).filter((r) => r.resourceName !== 'pods').length === 0;
}

export function newNodeResourcesFit(
  rawArgs?: unknown,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = fitArgs(NAME, rawArgs);
  const ignored = new Set(args.ignoredResources);
  const ignoredGroups = new Set(args.ignoredResourceGroups);
  const resources = args.scoringStrategy.resources;
  const scored = scoredResources(resources);
  const scorer: Scorer =
    args.scoringStrategy.type === 'MostAllocated'
      ? mostAllocated
      : args.scoringStrategy.type === 'RequestedToCapacityRatio'
        ? requestedToCapacityRatio(args.scoringStrategy.requestedToCapacityRatio!.shape)
        : leastAllocated;
  const alloc: number[] = new Array(resources.length).fill(0);
  const req: number[] = new Array(resources.length).fill(0);
  const memo = new NodeScoreMemo();

  return {
    name: NAME,
    preFilter() {
      // The pod's requests are computed once when its PodInfo is built.
      return null;
    },
    filter(_state, pod, node) {
      const r = pod.requests;
      const a = node.allocatable;
      const u = node.requested;
      // The common case in one glance: room for a pod, and cpu/memory/storage fit.
      if (
        node.pods.length + 1 <= a.allowedPodNumber &&
        r.milliCPU <= a.milliCPU - u.milliCPU &&
        r.memory <= a.memory - u.memory &&
        r.ephemeralStorage <= a.ephemeralStorage - u.ephemeralStorage &&
        r.scalar === null
      )
        return null;
      const lacking = fitsRequest(r, node, ignored, ignoredGroups);
      if (lacking.length === 0) return null;
      const code = lacking.some((l) => l.unresolvable)
        ? Code.UnschedulableAndUnresolvable
        : Code.Unschedulable;
      return new Status(
        code,
        lacking.map((l) => l.reason),
      );
    },
    preScore(state, pod) {
      state.write(PRE_SCORE_KEY, new PreScoreState(resources.map((r) => podRequestOf(pod, r.name, false))));
      return null;
    },
    score(state, pod, node) {
      const podRequests =
        state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ??
        resources.map((r) => podRequestOf(pod, r.name, false));
      fillAllocatableRequested(node, scored, podRequests, false, alloc, req);
      return scorer(req, alloc, resources);
    },
    scoreNodes(state, pod, nodes, scores) {
      const podRequests =
        state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ??
        resources.map((r) => podRequestOf(pod, r.name, false));
      memo.scoreNodes(podRequests, nodes, scores, (node) => {
        fillAllocatableRequested(node, scored, podRequests, false, alloc, req);
        return scorer(req, alloc, resources);
      });
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actions: Action.Delete | Action.UpdatePodScaleDown },
        hint: (_pod, oldObj) => ((oldObj as Pod | undefined)?.spec?.nodeName ? 'Queue' : 'QueueSkip'),
      },
      {
        event: {
          resource: 'Node',
          actions:
            Action.Add | Action.UpdateNodeAllocatable | Action.UpdateNodeTaint | Action.UpdateNodeLabel,
        },
        hint: (pod, oldObj, newObj) => {
          if (!fitsEmpty(pod, newObj as Node)) return 'QueueSkip';
          if (!oldObj) return 'Queue';
          const before = JSON.stringify((oldObj as Node).status?.allocatable ?? {});
          const after = JSON.stringify((newObj as Node).status?.allocatable ?? {});
          return before !== after ? 'Queue' : 'QueueSkip';
        },
      },
    ],
  };
}
