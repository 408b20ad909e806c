import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slowStartBatch } from './slow-start.ts';

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, ... until done', async () => {
    const batches: number[] = [];
    let inFlight = 0;
    let current = 0;
    const r = await slowStartBatch(10, 1, async () => {
      if (inFlight === 0) batches.push(0);
      inFlight++;
      current = batches.length - 1;
      batches[current]!++;
      await new Promise((res) => setImmediate(res));
      inFlight--;
    });
    assert.deepEqual(batches, [1, 2, 4, 3]);
    assert.deepEqual(r, { successes: 10 });
  });

  it('stops after the first batch with a failure', async () => {
    let calls = 0;
    const r = await slowStartBatch(100, 1, async (i) => {
      calls++;
      if (i >= 2) throw new Error(`no ${i}`);
    });
    // 1 (ok), 2 (one fails): stop
    assert.equal(calls, 3);
    assert.equal(r.successes, 2);
    assert.match(String(r.error), /no 2/);
  });
});
