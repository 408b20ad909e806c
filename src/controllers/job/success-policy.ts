// An Indexed Job's successPolicy (pure): the Job succeeds early once a rule's indexes (or its
// count of them, or a count of any indexes) have succeeded.
import type { SuccessPolicy } from 'kubernetes-types/batch/v1.js';
import { OrderedIntervals } from './indexes.ts';

function intersectionCount(a: OrderedIntervals, b: OrderedIntervals): number {
  let n = 0;
  for (const x of a.intervals) {
    for (const y of b.intervals) {
      const lo = Math.max(x.first, y.first);
      const hi = Math.min(x.last, y.last);
      if (hi >= lo) n += hi - lo + 1;
    }
  }
  return n;
}

/** `matchSuccessPolicy`: the message when a rule is met. */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined | null,
  completions: number,
  succeeded: OrderedIntervals,
): string | undefined {
  if (!policy || succeeded.total() === 0) return undefined;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.succeededIndexes != null) {
      const required = OrderedIntervals.parse(rule.succeededIndexes, completions);
      if (required.total() === 0) continue;
      const got = intersectionCount(required, succeeded);
      const met = rule.succeededCount != null ? got >= rule.succeededCount : got === required.total();
      if (met) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && succeeded.total() >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
