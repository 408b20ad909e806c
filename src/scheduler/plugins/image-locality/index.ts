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

/** The normalized image names of the pod's init containers and containers, in order. */
function podImages(pod: PodInfo): string[] {
  const spec = pod.pod.spec;
  const out: string[] = [];
  for (const c of spec?.initContainers ?? []) out.push(normalizedImageName(c.image ?? ''));
  for (const c of spec?.containers ?? []) out.push(normalizedImageName(c.image ?? ''));
  return out;
}

function sumScores(node: NodeInfo, images: readonly string[], totalNumNodes: number): number {
  let sum = 0;
  for (const image of images) {
    const state = node.imageStates.get(image);
    if (state) sum += Math.trunc(state.size * (state.numNodes / totalNumNodes));
  }
  return sum;
}

export function sumImageScores(node: NodeInfo, pod: PodInfo, totalNumNodes: number): number {
  return sumScores(node, podImages(pod), totalNumNodes);
}

export function newImageLocality(_args: unknown, handle: Handle): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, node) {
      if (node.imageStates.size === 0) return 0;
      const total = handle.snapshot().numNodes();
      const images = podImages(pod);
      return calculatePriority(sumScores(node, images, total), images.length);
    },
    scoreNodes(_state, pod, nodes, scores) {
      const snapshot = handle.snapshot();
      if (snapshot.imageCount === 0) {
        // No node reports an image: every score is 0, without visiting the nodes.
        scores.fill(0, 0, nodes.length);
        return;
      }
      const total = snapshot.numNodes();
      let images: string[] | undefined;
      for (let n = 0; n < nodes.length; n++) {
        const node = nodes[n]!;
        if (node.imageStates.size === 0) {
          scores[n] = 0;
          continue;
        }
        images ??= podImages(pod);
        scores[n] = calculatePriority(sumScores(node, images, total), images.length);
      }
    },
  };
}
