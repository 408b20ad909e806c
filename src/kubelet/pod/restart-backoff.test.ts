import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffKey, formatDuration, RestartBackoff } from './restart-backoff.ts';
import { container, pod } from './test-fixtures.ts';

const s = 1000;

test('10 s doubling to 5 min while the container keeps crashing', () => {
  const b = new RestartBackoff();
  const p = pod();
  const c = p.spec!.containers[0]!;
  // The first start is free; after that, each crash (1 s after its start) must wait out the back-off.
  let startedAt = 1_000_000;
  assert.deepEqual(b.decide(p, c, 0, startedAt), { start: true });
  const delays: number[] = [b.get(backoffKey(p, c))];
  for (let i = 0; i < 7; i++) {
    const finished = startedAt + s;
    assert.equal(b.decide(p, c, finished, finished + 1).start, false);
    startedAt = finished + b.get(backoffKey(p, c));
    assert.deepEqual(b.decide(p, c, finished, startedAt), { start: true });
    delays.push(b.get(backoffKey(p, c)));
  }
  assert.deepEqual(
    delays.map((d) => d / s),
    [10, 20, 40, 80, 160, 300, 300, 300],
  );
});

test('CrashLoopBackOff message and retry time', () => {
  const b = new RestartBackoff();
  const p = pod();
  const c = p.spec!.containers[0]!;
  b.decide(p, c, 0, 0);
  const d = b.decide(p, c, 5 * s, 6 * s);
  assert.deepEqual(d, {
    start: false,
    reason: 'CrashLoopBackOff',
    message: 'back-off 10s restarting failed container=app pod=web_default(1111-2222)',
    retryInMs: 9 * s,
  });
  assert.deepEqual(b.decide(p, c, 5 * s, 15 * s), { start: true });
});

test('a container that ran longer than 10 min after its last restart starts afresh', () => {
  const b = new RestartBackoff();
  const p = pod();
  const c = p.spec!.containers[0]!;
  for (let t = 0; t < 5; t++) b.next(backoffKey(p, c), t * s, t * s);
  assert.equal(b.get(backoffKey(p, c)), 160 * s);
  const finished = 4 * s + 10 * 60 * s + 1;
  assert.deepEqual(b.decide(p, c, finished, finished), { start: true });
  assert.equal(b.get(backoffKey(p, c)), 10 * s);
});

test('a changed spec has its own back-off; gc and forgetPod drop entries', () => {
  const b = new RestartBackoff();
  const p = pod();
  const c1 = container('app', { args: ['1'] });
  const c2 = container('app', { args: ['2'] });
  b.decide(p, c1, 0, 0);
  assert.equal(b.decide(p, c2, 0, 1).start, true);
  b.forgetPod('1111-2222');
  assert.equal(b.get(backoffKey(p, c1)), 0);
  b.decide(p, c1, 0, 0);
  b.gc(11 * 60 * s);
  assert.equal(b.get(backoffKey(p, c1)), 0);
});

test('durations print as Go prints them', () => {
  assert.deepEqual(
    [10, 80, 160, 300, 3725].map((x) => formatDuration(x * s)),
    ['10s', '1m20s', '2m40s', '5m0s', '1h2m5s'],
  );
});
