import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep, TTL_BOUNDARIES } from './boundaries.ts';

describe('ttl boundaries', () => {
  it('grows with the cluster and shrinks back with hysteresis', () => {
    const ttl = (step: number) => TTL_BOUNDARIES[step]!.ttlSeconds;
    let step = 0;
    step = nextStep(step, 100);
    assert.equal(ttl(step), 0);
    step = nextStep(step, 101);
    assert.equal(ttl(step), 15);
    step = nextStep(step, 95);
    assert.equal(ttl(step), 15, 'stays until below the lower bound');
    step = nextStep(step, 89);
    assert.equal(ttl(step), 0);
    assert.equal(ttl(nextStep(0, 5000)), 300);
  });
});
