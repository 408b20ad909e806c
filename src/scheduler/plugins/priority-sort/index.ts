// PrioritySort: the queue's order — higher spec.priority first, then whoever waited longer.
import type { QueuedPodInfo, QueueSortPlugin } from '../../framework/interfaces.ts';

export const NAME = 'PrioritySort';

export function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = a.podInfo.priority;
  const p2 = b.podInfo.priority;
  return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
}

export function newPrioritySort(): QueueSortPlugin {
  return { name: NAME, less };
}
