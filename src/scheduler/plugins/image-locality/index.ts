// ImageLocality: favours nodes that already hold the pod's images, weighted by image size and
// by how widely the image is spread (an image on every node says little about a node).

import { normalizedImageName } from '../../cache/snapshot.ts';
import type { Handle, ScorePlugin } from '../../framework/interfaces.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';

export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((100 * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export function sumImageScores(node: NodeInfo, pod: PodInfo, totalNumNodes: number): number {
  let sum = 0;
  const spec = pod.pod.spec;
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    const state = node.imageStates.get(normalizedImageName(c.image ?? ''));
    if (state) sum += Math.trunc(state.size * (state.numNodes / totalNumNodes));
  }
  return sum;
}

export function newImageLocality(_args: unknown, handle: Handle): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, node) {
      if (node.imageStates.size === 0) return 0;
      const total = handle.snapshot().numNodes();
      const spec = pod.pod.spec;
      const numContainers = (spec?.initContainers?.length ?? 0) + (spec?.containers?.length ?? 0);
      return calculatePriority(sumImageScores(node, pod, total), numContainers);
    },
  };
}
