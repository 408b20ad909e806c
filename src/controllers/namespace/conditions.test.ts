import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONDITION_TYPES, type DeletionPass, mergeConditions } from './conditions.ts';

const clean = (): DeletionPass => ({
  discoveryFailures: new Map(),
  deleteErrors: [],
  remaining: new Map(),
  finalizersRemaining: new Map(),
});

test('mergeConditions: a clean pass sets every condition False with the ok reason', () => {
  const { conditions, changed } = mergeConditions(undefined, clean(), '2024-01-01T00:00:00Z');
  assert.equal(changed, true);
  assert.deepEqual(
    conditions.map((c) => c.type),
    [...CONDITION_TYPES],
  );
  assert.ok(conditions.every((c) => c.status === 'False'));
  assert.deepEqual(
    conditions.map((c) => c.reason),
    [
      'ResourcesDiscovered',
      'ParsedGroupVersions',
      'ContentDeleted',
      'ContentRemoved',
      'ContentHasNoFinalizers',
    ],
  );
  assert.equal(conditions[3]!.message, 'All content successfully removed');
  assert.equal(mergeConditions(conditions, clean(), '2024-01-01T00:01:00Z').changed, false);
});

test('mergeConditions: failures as upstream words them, transition time only on a flip', () => {
  const first = mergeConditions(undefined, clean(), '2024-01-01T00:00:00Z').conditions;
  const pass = clean();
  pass.discoveryFailures.set(
    'metrics.k8s.io/v1beta1',
    'the server is currently unable to handle the request',
  );
  pass.deleteErrors.push('b failed', 'a failed');
  pass.remaining.set('pods.', 2).set('widgets.example.com', 1).set('configmaps.', 0);
  pass.finalizersRemaining.set('example.com/hold', 1);
  const { conditions, changed } = mergeConditions(first, pass, '2024-01-01T00:05:00Z');
  assert.equal(changed, true);
  const byType = new Map(conditions.map((c) => [c.type, c]));
  const table: [string, string, string][] = [
    [
      'NamespaceDeletionDiscoveryFailure',
      'DiscoveryFailed',
      'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
    ],
    [
      'NamespaceDeletionContentFailure',
      'ContentDeletionFailed',
      'Failed to delete all resource types, 2 remaining: a failed, b failed',
    ],
    [
      'NamespaceContentRemaining',
      'SomeResourcesRemain',
      'Some resources are remaining: pods. has 2 resource instances, widgets.example.com has 1 resource instances',
    ],
    [
      'NamespaceFinalizersRemaining',
      'SomeFinalizersRemain',
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    ],
  ];
  for (const [type, reason, message] of table) {
    const c = byType.get(type)!;
    assert.equal(c.status, 'True', type);
    assert.equal(c.reason, reason, type);
    assert.equal(c.message, message, type);
    assert.equal(c.lastTransitionTime, '2024-01-01T00:05:00Z', type);
  }
  assert.equal(
    byType.get('NamespaceDeletionGroupVersionParsingFailure')!.lastTransitionTime,
    '2024-01-01T00:00:00Z',
  );
});
