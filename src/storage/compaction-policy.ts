// Which revision automatic compaction may compact to: pure logic shared by every backend.
//
// The window (default 5 minutes / 10,000 revisions) is read as two guarantees that both hold:
//   - every revision that was current at some moment in the last `windowMs` stays readable and
//     watchable (a client that listed 4 minutes ago can still resume its watch), and
//   - the newest `minRevisions` revisions stay readable, however old they are (a quiet cluster
//     keeps a useful history).
// So the target is the older of the two bounds. Under steady churn the history therefore holds
// max(windowMs of writes, minRevisions) revisions and the database stops growing.
// Revisions over time are known from samples the store takes every `intervalMs`; a sample is
// taken *before* the moment it stands for, so using it only keeps more history, never less.

export interface CompactionOptions {
  /** Turn automatic compaction off (explicit `compact()` calls still work). Default true. */
  enabled?: boolean;
  /** Revisions current during this many milliseconds stay readable. Default 5 minutes. */
  windowMs?: number;
  /** The newest this-many revisions stay readable. Default 10,000. */
  minRevisions?: number;
  /** How often to sample the revision and consider compacting. Default 10 seconds. */
  intervalMs?: number;
}

export const DEFAULT_COMPACTION = {
  enabled: true,
  windowMs: 5 * 60 * 1000,
  minRevisions: 10_000,
  intervalMs: 10_000,
} as const satisfies Required<CompactionOptions>;

export function resolveCompaction(options: CompactionOptions | undefined): Required<CompactionOptions> {
  return { ...DEFAULT_COMPACTION, ...options };
}

export interface RevisionSample {
  /** Milliseconds since the epoch. */
  at: number;
  revision: number;
}

/**
 * The revision to compact to, or undefined when nothing may be dropped yet.
 * `compacted` is the store's current compacted revision (oldest readable).
 */
export function compactionTarget(
  samples: readonly RevisionSample[],
  now: number,
  current: number,
  compacted: number,
  options: Required<CompactionOptions>,
): number | undefined {
  const windowStart = now - options.windowMs;
  let atWindowStart: number | undefined;
  for (const sample of samples) {
    if (sample.at <= windowStart) atWindowStart = sample.revision;
    else break;
  }
  if (atWindowStart === undefined) return undefined;
  const target = Math.min(atWindowStart, current - options.minRevisions + 1);
  return target > compacted ? target : undefined;
}

/** Drops samples no longer needed: keeps the newest one at or before the window start. */
export function pruneSamples(samples: RevisionSample[], now: number, windowMs: number): void {
  const windowStart = now - windowMs;
  let keepFrom = 0;
  for (let i = 0; i < samples.length; i++) if (samples[i]!.at <= windowStart) keepFrom = i;
  if (keepFrom > 0) samples.splice(0, keepFrom);
}
