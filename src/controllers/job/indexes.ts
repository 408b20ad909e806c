// Indexed Jobs (pure): each pod carries its completion index in the
// `batch.kubernetes.io/job-completion-index` annotation (and label); the succeeded indexes are
// kept as ordered intervals, printed `1,3-5,7` in status.completedIndexes; new pods take the
// lowest indexes neither succeeded nor running; duplicate pods of an index are removed.
import { sortActivePods } from '../workload-common/pod-ranking.ts';
import type { Pod } from '../workload-common/types.ts';

export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** Longest generateName before the API appends its random suffix (63 - 5). */
const MAX_GENERATED_NAME_LENGTH = 58;

/** The pod's completion index, or -1 (`getCompletionIndex`). */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\+?\d+$/.test(v)) return -1;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : -1;
}

export interface Interval {
  first: number;
  last: number;
}

/** Ordered, non-overlapping intervals of indexes. */
export class OrderedIntervals {
  readonly intervals: readonly Interval[];

  constructor(intervals: readonly Interval[] = []) {
    this.intervals = intervals;
  }

  /** `parseIndexesFromString`: "1,3-5" (indexes ≥ completions dropped; garbage ignored). */
  static parse(s: string | undefined, completions: number): OrderedIntervals {
    const out: Interval[] = [];
    if (!s) return new OrderedIntervals(out);
    for (const part of s.split(',')) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
      if (!m) continue;
      const first = Number(m[1]);
      let last = m[2] === undefined ? first : Number(m[2]);
      if (first >= completions) continue;
      last = Math.min(last, completions - 1);
      if (last < first) continue;
      const prev = out[out.length - 1];
      if (prev && prev.last + 1 >= first) prev.last = Math.max(prev.last, last);
      else out.push({ first, last });
    }
    return new OrderedIntervals(out);
  }

  /** `withOrderedIndexes`: these intervals plus sorted indexes, merged. */
  withOrderedIndexes(sorted: readonly number[]): OrderedIntervals {
    const points = [
      ...this.intervals.map((i) => ({ ...i })),
      ...sorted.map((x) => ({ first: x, last: x })),
    ].sort((a, b) => a.first - b.first);
    const out: Interval[] = [];
    for (const p of points) {
      const prev = out[out.length - 1];
      if (prev && prev.last + 1 >= p.first) prev.last = Math.max(prev.last, p.last);
      else out.push({ ...p });
    }
    return new OrderedIntervals(out);
  }

  total(): number {
    return this.intervals.reduce((n, i) => n + i.last - i.first + 1, 0);
  }

  has(x: number): boolean {
    return this.intervals.some((i) => i.first <= x && x <= i.last);
  }

  toString(): string {
    return this.intervals
      .map((i) => (i.first === i.last ? String(i.first) : `${i.first}-${i.last}`))
      .join(',');
  }
}

/** `calculateSucceededIndexes`: the recorded intervals, and those plus succeeded pods not yet counted. */
export function succeededIndexes(
  completedIndexes: string | undefined,
  completions: number,
  pods: readonly Pod[],
  hasFinalizer: (p: Pod) => boolean,
): { previous: OrderedIntervals; current: OrderedIntervals } {
  const previous = OrderedIntervals.parse(completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (p.status?.phase === 'Succeeded' && ix >= 0 && ix < completions && hasFinalizer(p)) fresh.add(ix);
  }
  return { previous, current: previous.withOrderedIndexes([...fresh].sort((a, b) => a - b)) };
}

/** `firstPendingIndexes`: up to `count` lowest indexes neither succeeded nor held by an active pod. */
export function firstPendingIndexes(
  succeeded: OrderedIntervals,
  active: readonly Pod[],
  count: number,
  completions: number,
): number[] {
  if (count === 0) return [];
  const activeIx = [...new Set(active.map(completionIndex).filter((x) => x >= 0))].sort((a, b) => a - b);
  const nonPending = succeeded.withOrderedIndexes(activeIx);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending.intervals) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++)
      result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

/**
 * `appendDuplicatedIndexPodsForRemoval`: pods with no (or an out-of-range) index and all but
 * the most valuable pod of each index go; the rest stay.
 */
export function duplicatedIndexPods(
  pods: readonly Pod[],
  completions: number,
  now: number,
): { remove: Pod[]; keep: Pod[] } {
  const remove: Pod[] = [];
  const keep: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions) {
      remove.push(p);
      continue;
    }
    const list = byIndex.get(ix);
    if (list) list.push(p);
    else byIndex.set(ix, [p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const list = byIndex.get(ix)!;
    if (list.length === 1) {
      keep.push(list[0]!);
      continue;
    }
    const sorted = sortActivePods(list, now);
    remove.push(...sorted.slice(0, -1));
    keep.push(sorted[sorted.length - 1]!);
  }
  return { remove, keep };
}

/** `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut to fit. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH
    ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix
    : prefix;
}
