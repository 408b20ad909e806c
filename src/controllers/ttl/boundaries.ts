// The `ttl` controller's table (pure): how long kubelets may cache objects (secrets, config
// maps) grows with the cluster — 0 s up to 100 nodes, 15 s to 500, 30 s to 1000, 60 s to 2000,
// 300 s beyond — with overlapping bounds so the value does not flap around a boundary.

export const TTL_ANNOTATION = 'node.alpha.kubernetes.io/ttl';

export const TTL_BOUNDARIES: readonly { sizeMin: number; sizeMax: number; ttlSeconds: number }[] = [
  { sizeMin: 0, sizeMax: 100, ttlSeconds: 0 },
  { sizeMin: 90, sizeMax: 500, ttlSeconds: 15 },
  { sizeMin: 450, sizeMax: 1000, ttlSeconds: 30 },
  { sizeMin: 900, sizeMax: 2000, ttlSeconds: 60 },
  { sizeMin: 1800, sizeMax: 2147483647, ttlSeconds: 300 },
];

/** The boundary step after the node count changed (one step at a time, as nodes come and go). */
export function nextStep(step: number, nodeCount: number): number {
  let s = step;
  while (s < TTL_BOUNDARIES.length - 1 && nodeCount > TTL_BOUNDARIES[s]!.sizeMax) s++;
  while (s > 0 && nodeCount < TTL_BOUNDARIES[s]!.sizeMin) s--;
  return s;
}
