import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreControllers } from './core-controllers.ts';

test('core controllers: unique upstream names, all enabled by default', () => {
  const names = coreControllers.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of [
    'endpoints',
    'endpointslice',
    'endpointslice-mirroring',
    'namespace',
    'serviceaccount',
    'root-ca-certificate-publisher',
    'garbage-collector',
    'node-ipam',
    'node-lifecycle',
    'taint-eviction-controller',
    'pod-garbage-collector',
    'disruption',
    'resourcequota',
    'persistentvolume-binder',
  ]) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(coreControllers.every((c) => c.enabledByDefault));
});
