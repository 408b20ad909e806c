import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeHealth } from './runtime-health.ts';

const ready = (network = true) => ({
  status: {
    conditions: [
      { type: 'RuntimeReady', status: true, reason: '', message: '' },
      {
        type: 'NetworkReady',
        status: network,
        reason: network ? '' : 'NetworkPluginNotReady',
        message: network ? '' : 'Network plugin returns error: cni plugin not initialized',
      },
    ],
  },
  info: {},
});

test('a runtime never asked is not known to be up', () => {
  const h = new RuntimeHealth();
  assert.equal(h.runtimeUp, false);
  assert.deepEqual(h.errors(), ['container runtime status check may not have completed yet']);
});

test('network not ready is reported as upstream words it', () => {
  const h = new RuntimeHealth();
  h.recordStatus(ready(false));
  assert.equal(h.runtimeUp, true);
  assert.deepEqual(h.errors(), [
    'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  ]);
  h.recordStatus(ready());
  assert.deepEqual(h.errors(), []);
});

test('a runtime silent for the threshold is down, and recovers with its next answer', () => {
  let now = 1000;
  const h = new RuntimeHealth({ thresholdMs: 30_000, now: () => now });
  h.recordStatus(ready());
  now += 29_000;
  assert.deepEqual(h.errors(), []);
  now += 1_000;
  assert.equal(h.runtimeUp, false);
  assert.deepEqual(h.errors(), ['container runtime is down']);
  h.recordStatus(ready());
  assert.deepEqual(h.errors(), []);
});

test('RuntimeReady=false makes the runtime not ready', () => {
  const h = new RuntimeHealth();
  h.recordStatus({
    status: { conditions: [{ type: 'RuntimeReady', status: false, reason: 'Broken', message: 'no shim' }] },
    info: {},
  });
  assert.equal(h.runtimeUp, false);
  assert.deepEqual(h.errors(), [
    'container runtime status check may not have completed yet',
    'container runtime not ready: RuntimeReady=false reason:Broken message:no shim',
  ]);
});
