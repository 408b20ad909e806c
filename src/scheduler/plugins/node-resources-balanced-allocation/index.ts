// NodeResourcesBalancedAllocation: favours nodes where, with the pod added, the requested
// fraction of each resource (cpu and memory by default) would be close to the others.
import type { StateData } from '../../framework/cycle-state.ts';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interfaces.ts';
import { argsObject, resourceSpecs } from '../internal/args.ts';
import {
  balancedAllocation,
  fillAllocatableRequested,
  NodeScoreMemo,
  podRequestOf,
  scoredResources,
} from '../internal/resource-allocation.ts';

export const NAME = 'NodeResourcesBalancedAllocation';
const PRE_SCORE_KEY = `PreScore${NAME}`;

class PreScoreState implements StateData {
  readonly podRequests: number[];
  constructor(r: number[]) {
    this.podRequests = r;
  }
  clone(): StateData {
    return this;
  }
}

export function newBalancedAllocation(rawArgs?: unknown): PreScorePlugin & ScorePlugin {
  const a = argsObject(NAME, rawArgs);
  const resources = resourceSpecs('resources', a.resources, [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ]);
  const scored = scoredResources(resources);
  const alloc: number[] = new Array(resources.length).fill(0);
  const req: number[] = new Array(resources.length).fill(0);
  const memo = new NodeScoreMemo();
  return {
    name: NAME,
    preScore(state, pod) {
      state.write(PRE_SCORE_KEY, new PreScoreState(resources.map((r) => podRequestOf(pod, r.name, true))));
      return null;
    },
    score(state, pod, node) {
      const podRequests =
        state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ??
        resources.map((r) => podRequestOf(pod, r.name, true));
      fillAllocatableRequested(node, scored, podRequests, true, alloc, req);
      return balancedAllocation(req, alloc, resources);
    },
    scoreNodes(state, pod, nodes, scores) {
      const podRequests =
        state.read<PreScoreState>(PRE_SCORE_KEY)?.podRequests ??
        resources.map((r) => podRequestOf(pod, r.name, true));
      memo.scoreNodes(podRequests, nodes, scores, (node) => {
        fillAllocatableRequested(node, scored, podRequests, true, alloc, req);
        return balancedAllocation(req, alloc, resources);
      });
    },
  };
}
