import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pruneNulls } from './prune-nulls.ts';
import { definitions, deploymentSchema } from './testing/workload-schema.ts';

test('nulls are dropped from maps at any depth; list elements stay', () => {
  const obj = {
    metadata: { name: 'a', creationTimestamp: null, labels: { x: null, y: 'y' } },
    spec: {
      replicas: null,
      template: { spec: { containers: [{ name: 'c', image: null }], tolerations: [null] } },
    },
  };
  assert.deepEqual(pruneNulls(obj, deploymentSchema, definitions), {
    metadata: { name: 'a', labels: { y: 'y' } },
    spec: { template: { spec: { containers: [{ name: 'c' }], tolerations: [null] } } },
  });
});

test('nullable fields keep their null; untyped data too is pruned', () => {
  const schema = {
    type: 'object' as const,
    properties: {
      spec: { type: 'object' as const, properties: { opt: { type: 'string' as const, nullable: true } } },
    },
  };
  assert.deepEqual(pruneNulls({ spec: { opt: null }, other: { x: null } }, schema), {
    spec: { opt: null },
    other: {},
  });
});
