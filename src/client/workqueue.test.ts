import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ExponentialBackoffRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiter.ts';
import { WorkQueue } from './workqueue.ts';

test('a key added while queued is not duplicated; order is FIFO', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.len(), 0);
  q.shutdown();
});

test('a key being processed is not handed out again; re-added, it comes back after done()', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  const first = await q.get();
  assert.equal(first, 'a');
  q.add('a'); // while processing
  q.add('a');
  assert.equal(q.len(), 0, 'not queued while processing');
  let second: string | undefined;
  const pending = q.get().then((k) => {
    second = k;
  });
  await sleep(5);
  assert.equal(second, undefined, 'no other worker receives it');
  q.done('a');
  await pending;
  assert.equal(second, 'a');
  q.done('a');
  assert.equal(q.len(), 0, 'the two re-adds collapsed into one');
  q.shutdown();
});

test('waiting workers are woken by add, and get() returns undefined after shutdown', async () => {
  const q = new WorkQueue<string>();
  const got = q.get();
  q.add('x');
  assert.equal(await got, 'x');
  const idle = q.get();
  q.shutdown();
  assert.equal(await idle, undefined);
  q.add('y');
  assert.equal(q.len(), 0, 'adds after shutdown are ignored');
});

test('queued keys are still handed out after shutdown, then undefined', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  q.shutdown();
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(await q.get(), undefined);
});

test('shutdownWithDrain waits until keys in flight are done', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  const key = (await q.get())!;
  let drained = false;
  const drain = q.shutdownWithDrain().then(() => {
    drained = true;
  });
  await sleep(5);
  assert.equal(drained, false);
  q.done(key);
  await drain;
  assert.equal(drained, true);
});

test('addAfter delays a key; the earliest requested time wins; duplicates collapse', async () => {
  const q = new WorkQueue<string>();
  q.addAfter('late', 40);
  q.addAfter('soon', 10);
  q.addAfter('soon', 200); // later request is ignored, the earlier one stands
  q.addAfter('late', 20); // an earlier request replaces the later one
  assert.equal(q.len(), 0);
  assert.equal(q.delayedLen(), 2);
  assert.equal(await q.get(), 'soon');
  q.done('soon');
  assert.equal(await q.get(), 'late');
  q.done('late');
  await sleep(60);
  assert.equal(q.len(), 0, 'no stale duplicates fire');
  q.shutdown();
});

test('addAfter with a non-positive delay adds at once', async () => {
  const q = new WorkQueue<string>();
  q.addAfter('now', 0);
  assert.equal(q.len(), 1);
  q.shutdown();
});

test('addRateLimited backs off exponentially per item and forget() resets it', async () => {
  const limiter = new ExponentialBackoffRateLimiter<string>(1, 50);
  const q = new WorkQueue<string>({ rateLimiter: limiter });
  q.addRateLimited('k');
  q.addRateLimited('k');
  assert.equal(q.numRequeues('k'), 2);
  assert.equal(await q.get(), 'k');
  q.done('k');
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
  q.shutdown();
});

test('exponential back-off: 5 ms doubling, capped at 1000 s, per item', () => {
  const l = new ExponentialBackoffRateLimiter<string>(5, 1_000_000);
  assert.deepEqual([l.when('a'), l.when('a'), l.when('a'), l.when('a')], [5, 10, 20, 40]);
  assert.equal(l.when('b'), 5, 'items are independent');
  for (let i = 0; i < 100; i++) l.when('a');
  assert.equal(l.when('a'), 1_000_000);
  l.forget('a');
  assert.equal(l.when('a'), 5);
});

test('token bucket: burst passes at once, then one token per 1/qps', () => {
  let now = 0;
  const b = new BucketRateLimiter<string>(10, 3, () => now);
  assert.deepEqual([b.when('x'), b.when('x'), b.when('x')], [0, 0, 0]);
  assert.equal(Math.round(b.when('x')), 100);
  assert.equal(Math.round(b.when('x')), 200, 'reservations stack up');
  now = 1000; // refilled by 10 tokens, capped at the burst, minus the 2 borrowed
  assert.equal(b.when('x'), 0);
});

test('the default controller limiter is the max of back-off and bucket', () => {
  const l = defaultControllerRateLimiter<string>();
  assert.equal(l.when('a'), 5);
  assert.equal(l.when('a'), 10);
  assert.equal(l.numRequeues('a'), 2);
  const m = new MaxOfRateLimiter<string>(
    new ExponentialBackoffRateLimiter(1, 10),
    new ExponentialBackoffRateLimiter(3, 100),
  );
  assert.equal(m.when('z'), 3);
  assert.equal(m.when('z'), 6);
});

test('concurrent workers never process the same key at once', async () => {
  const q = new WorkQueue<string>();
  const active = new Set<string>();
  let overlaps = 0;
  let processed = 0;
  const worker = async () => {
    for (;;) {
      const k = await q.get();
      if (k === undefined) return;
      if (active.has(k)) overlaps++;
      active.add(k);
      await sleep(1);
      active.delete(k);
      processed++;
      q.done(k);
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  for (let round = 0; round < 20; round++) {
    for (const k of ['a', 'b', 'c']) q.add(k);
    await sleep(1);
  }
  await sleep(20);
  await q.shutdownWithDrain();
  await Promise.all(workers);
  assert.equal(overlaps, 0);
  assert.ok(processed >= 3);
});
