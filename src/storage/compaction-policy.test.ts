import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AutoCompactor } from './auto-compactor.ts';
import {
  compactionTarget,
  DEFAULT_COMPACTION,
  pruneSamples,
  type RevisionSample,
} from './compaction-policy.ts';

const MIN = 60_000;
const options = { ...DEFAULT_COMPACTION, windowMs: 5 * MIN, minRevisions: 100 };

test('nothing is compacted before the window has passed once', () => {
  const samples: RevisionSample[] = [{ at: 0, revision: 5000 }];
  assert.equal(compactionTarget(samples, 4 * MIN, 9000, 0, options), undefined);
});

test('the target keeps the window and the newest revisions, whichever is longer', () => {
  const samples: RevisionSample[] = [
    { at: 0, revision: 1000 },
    { at: MIN, revision: 2000 },
    { at: 2 * MIN, revision: 3000 },
  ];
  // Busy: the window (revision at now - 5 min = 2000) is the older bound.
  assert.equal(compactionTarget(samples, 6 * MIN, 9000, 0, options), 2000);
  // Quiet: the newest 100 revisions reach further back than the window.
  assert.equal(compactionTarget(samples, 6 * MIN, 2050, 0, options), 1951);
  // Already compacted that far: nothing to do.
  assert.equal(compactionTarget(samples, 6 * MIN, 9000, 2000, options), undefined);
});

test('old samples are pruned but the one at the window start is kept', () => {
  const samples: RevisionSample[] = [0, 1, 2, 3, 4, 5, 6, 7].map((m) => ({ at: m * MIN, revision: m * 100 }));
  pruneSamples(samples, 7.5 * MIN, 5 * MIN);
  assert.deepEqual(
    samples.map((s) => s.revision),
    [200, 300, 400, 500, 600, 700],
  );
});

test('the auto compactor samples and compacts through the store', async () => {
  const calls: number[] = [];
  let current = 0;
  const store = {
    currentRevision: async () => current,
    compactedRevision: async () => calls[calls.length - 1] ?? 0,
    compact: async (revision: number) => {
      calls.push(revision);
    },
  };
  const compactor = new AutoCompactor(store, { ...options, intervalMs: MIN }, (e) => assert.fail(e));
  for (let minute = 0; minute <= 12; minute++) {
    current = minute * 1000;
    await compactor.tick(minute * MIN);
  }
  // From minute 5 on, each tick compacts to the revision of five minutes before.
  assert.deepEqual(calls, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000].slice(1));
});
