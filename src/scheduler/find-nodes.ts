// Pure helpers of the scheduling cycle: how many feasible nodes are enough
// (percentageOfNodesToScore, adaptive by default) and picking the best-scored node.

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * Upstream's numFeasibleNodesToFind: all nodes below 100; otherwise the given percentage, or
 * when 0 an adaptive one (50% minus 1% per 125 nodes, at least 5%), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** The index of the highest total, ties broken uniformly at random (reservoir sampling, as upstream). */
export function selectHost(totals: ArrayLike<number>, random: () => number = Math.random): number {
  if (totals.length === 0) return -1;
  let best = 0;
  let count = 1;
  for (let i = 1; i < totals.length; i++) {
    const t = totals[i]!;
    if (t > totals[best]!) {
      best = i;
      count = 1;
    } else if (t === totals[best]!) {
      count++;
      if (Math.floor(random() * count) === 0) best = i;
    }
  }
  return best;
}

/** Upstream's truncateMessage: events and conditions carry at most 1024 characters. */
export function truncateMessage(message: string, max = 1024): string {
  if (message.length <= max) return message;
  const suffix = ' ...';
  return message.slice(0, max - suffix.length) + suffix;
}
