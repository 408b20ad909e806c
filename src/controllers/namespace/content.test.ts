import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { DiscoveredResource } from '../internal/discovery.ts';
import {
  deletableNamespacedResources,
  leftOver,
  podGracefulEstimate,
  requeueDelayMs,
  withoutFinalizer,
} from './content.ts';

const res = (resource: string, namespaced: boolean, verbs: string[], group = ''): DiscoveredResource => ({
  group,
  version: 'v1',
  resource,
  namespaced,
  kind: resource,
  verbs,
});

test('deletableNamespacedResources: namespaced resources with the delete verb', () => {
  const all = [
    res('pods', true, ['list', 'delete', 'deletecollection']),
    res('nodes', false, ['list', 'delete']),
    res('localsubjectaccessreviews', true, ['create'], 'authorization.k8s.io'),
    res('widgets', true, ['delete', 'list'], 'example.com'),
  ];
  assert.deepEqual(
    deletableNamespacedResources(all).map((r) => r.resource),
    ['pods', 'widgets'],
  );
});

test('podGracefulEstimate: longest grace of running pods, zero once it has passed', () => {
  const pod = (grace: number | undefined, phase = 'Running'): Pod => ({
    spec: { containers: [], terminationGracePeriodSeconds: grace },
    status: { phase },
  });
  const pods = [pod(30), pod(60), pod(600, 'Succeeded'), pod(undefined)];
  assert.equal(podGracefulEstimate(pods, 0, 10_000), 60);
  assert.equal(podGracefulEstimate(pods, 0, 60_000), 0);
  assert.equal(podGracefulEstimate([], 0, 0), 0);
});

test('leftOver: finalizers explain the wait, unexplained leftovers are an error', () => {
  const r = res('configmaps', true, ['list', 'delete']);
  assert.deepEqual(leftOver([], 0, 'ns', r), { numRemaining: 0, finalizers: new Map(), estimate: 0 });
  const held = leftOver(
    [{ metadata: { name: 'a', finalizers: ['x/y'] } } as never, { metadata: { name: 'b' } }],
    0,
    'ns',
    r,
  );
  assert.equal(held.numRemaining, 2);
  assert.equal(held.estimate, 15);
  assert.deepEqual([...held.finalizers], [['x/y', 1]]);
  assert.equal(held.error, undefined);
  const graceful = leftOver([{ metadata: { name: 'p' } }], 30, 'ns', r);
  assert.equal(graceful.estimate, 30);
  const stuck = leftOver([{ metadata: { name: 'p' } }], 0, 'ns', r);
  assert.equal(
    stuck.error,
    'unexpected items still remain in namespace: ns for gvr: /v1, Resource=configmaps',
  );
});

test('requeueDelayMs and withoutFinalizer', () => {
  assert.equal(requeueDelayMs(15), 8000);
  assert.equal(requeueDelayMs(0), 1000);
  assert.deepEqual(withoutFinalizer(['kubernetes', 'example.com/x']), ['example.com/x']);
  assert.deepEqual(withoutFinalizer(undefined), []);
});
