import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from '../workload-common/types.ts';
import { needsCleanup, timeLeft } from './expiry.ts';

const job = (ttl: number | undefined, condition?: string): Job => ({
  spec: { template: {}, ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}) },
  status: condition
    ? { conditions: [{ type: condition, status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] }
    : {},
});
const T = Date.parse('2024-01-01T00:00:00Z');

describe('ttlSecondsAfterFinished', () => {
  it('counts from the finish time', () => {
    assert.equal(timeLeft(job(100, 'Complete'), T + 30_000), 70_000);
    assert.equal(timeLeft(job(0, 'Failed'), T + 1), -1);
    assert.equal(timeLeft(job(100, 'SuccessCriteriaMet'), T), undefined);
    assert.equal(needsCleanup(job(undefined, 'Complete')), false);
  });
});
