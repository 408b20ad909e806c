import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedTarget } from './network-target.ts';
import { ProbeState } from './probe-worker.ts';

test('initial results per probe kind', () => {
  assert.equal(new ProbeState('readiness', {}).result, 'failure');
  assert.equal(new ProbeState('liveness', {}).result, 'success');
  assert.equal(new ProbeState('startup', {}).result, 'unknown');
});

test('failureThreshold consecutive failures flip liveness, which then holds', () => {
  const s = new ProbeState('liveness', { failureThreshold: 3 });
  s.resetFor('c1');
  assert.equal(s.due(0, true), true);
  assert.equal(s.record('failure'), false);
  assert.equal(s.record('success'), false);
  assert.equal(s.record('failure'), false);
  assert.equal(s.record('failure'), false);
  assert.equal(s.record('failure'), true);
  assert.equal(s.result, 'failure');
  assert.equal(s.due(10_000, true), false, 'held until the container restarts');
  assert.equal(s.resetFor('c2'), true);
  assert.equal(s.result, 'success');
  assert.equal(s.due(10_000, true), true);
});

test('readiness needs successThreshold successes and keeps probing after failing', () => {
  const s = new ProbeState('readiness', { successThreshold: 2, failureThreshold: 1 });
  s.resetFor('c1');
  assert.equal(s.record('success'), false);
  assert.equal(s.record('success'), true);
  assert.equal(s.result, 'success');
  assert.equal(s.record('failure'), true);
  assert.equal(s.due(0, true), true);
});

test('initialDelaySeconds and the startup gate', () => {
  const live = new ProbeState('liveness', { initialDelaySeconds: 5 });
  live.resetFor('c');
  assert.equal(live.due(4_000, true), false);
  assert.equal(live.due(5_000, true), true);
  assert.equal(live.due(5_000, false), false, 'liveness waits for the startup probe');
  const startup = new ProbeState('startup', {});
  startup.resetFor('c');
  assert.equal(startup.due(0, false), true);
  assert.equal(startup.due(0, true), false, 'a started container is not startup-probed');
  assert.equal(new ProbeState('liveness', {}).due(0, true), false, 'no container yet');
});

test('probes and hooks only reach pod IPs of this node, the node and loopback', () => {
  const policy = { podCIDR: '10.42.1.0/24', hostIPs: ['192.0.2.5'] };
  assert.equal(allowedTarget('10.42.1.7', policy), true);
  assert.equal(allowedTarget('127.0.0.1', policy), true);
  assert.equal(allowedTarget('192.0.2.5', policy), true);
  assert.equal(allowedTarget('10.42.2.7', policy), false);
  assert.equal(allowedTarget('8.8.8.8', policy), false);
  assert.equal(allowedTarget('example.com', policy), false);
  assert.equal(allowedTarget('10.42.1.7', { hostIPs: [] }), false);
});
