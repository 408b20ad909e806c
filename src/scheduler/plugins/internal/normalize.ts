// Score normalizations shared by plugins (upstream's helper.DefaultNormalizeScore).
import { MAX_NODE_SCORE } from '../../framework/interfaces.ts';

/** Scales scores so the highest becomes `max` (or all `max` when reversed and all zero); with `reverse`, flips them. */
export function defaultNormalizeScore(scores: number[], reverse: boolean, max = MAX_NODE_SCORE): void {
  let maxCount = 0;
  for (const s of scores) if (s > maxCount) maxCount = s;
  if (maxCount === 0) {
    if (reverse) scores.fill(max);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((max * scores[i]!) / maxCount);
    if (reverse) s = max - s;
    scores[i] = s;
  }
}
