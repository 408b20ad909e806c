import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CoreEvent, EventCorrelator } from './event-correlator.ts';

function event(message: string, object = 'web'): CoreEvent {
  const t = '2026-11-23T17:00:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${object}.${message}`, namespace: 'ns' },
    involvedObject: { kind: 'ReplicaSet', namespace: 'ns', name: object, uid: 'u1', apiVersion: 'apps/v1' },
    reason: 'SuccessfulCreate',
    message,
    source: { component: 'replicaset-controller' },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    type: 'Normal',
    reportingComponent: 'replicaset-controller',
    reportingInstance: '',
  };
}

test('repeats are counted while they stay among the cache size most recently seen events', () => {
  const c = new EventCorrelator({ lruCacheSize: 2, now: () => 0 });
  assert.equal(c.correlate(event('a')).patch, undefined);
  assert.deepEqual(c.correlate(event('a')).patch?.count, 2);
  c.correlate(event('b'));
  // Seeing a again makes it the most recent: c evicts b, not a.
  assert.equal(c.correlate(event('a')).patch?.count, 3);
  c.correlate(event('c'));
  assert.equal(c.correlate(event('a')).patch?.count, 4);
  assert.equal(c.correlate(event('b')).patch, undefined, 'b was evicted: a new event');
  assert.equal(c.correlate(event('c')).patch, undefined, 'c was evicted by b');
  assert.equal(c.correlate(event('b')).patch?.count, 2);

  // Thousands of distinct events through a full cache: the most recent ones are still counted.
  const big = new EventCorrelator({ lruCacheSize: 100, now: () => 0, burst: 1e9, maxEvents: 1e9 });
  for (let i = 0; i < 5000; i++) big.correlate(event(`m${i}`, `o${i}`));
  assert.equal(big.correlate(event('m4999', 'o4999')).patch?.count, 2);
  assert.equal(big.correlate(event('m4900', 'o4900')).patch?.count, 2);
  assert.equal(big.correlate(event('m4899', 'o4899')).patch, undefined);
});
