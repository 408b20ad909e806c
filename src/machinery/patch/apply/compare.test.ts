import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definitions, deploymentSchema } from '../testing/workload-schema.ts';
import { compareValuesTyped, useAddedShortcut } from './compare.ts';
import { FieldSet } from './field-set.ts';
import { pathString } from './path-element.ts';
import { SchemaTypes } from './schema-types.ts';

const types = new SchemaTypes(deploymentSchema, definitions);

const deployment = (replicas: number, image: string, ready?: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 80 }] }] },
    },
  },
  ...(ready === undefined ? {} : { status: { readyReplicas: ready } }),
});

test('withoutIgnored fields change nothing once the caller filters them out, and are not compared', () => {
  const cases: [unknown, unknown][] = [
    [deployment(1, 'a'), deployment(2, 'b', 1)],
    [undefined, deployment(1, 'a', 0)],
    [deployment(1, 'a', 3), undefined],
    [deployment(1, 'a', 1), deployment(1, 'a', 2)],
    [deployment(1, 'a'), deployment(1, 'a')],
  ];
  for (const ignored of [
    FieldSet.of([{ field: 'status' }]),
    FieldSet.of([{ field: 'spec' }], [{ field: 'metadata' }, { field: 'labels' }]),
  ]) {
    for (const [lhs, rhs] of cases) {
      const full = compareValuesTyped(types, lhs, rhs);
      const withoutIgnored = compareValuesTyped(types, lhs, rhs, undefined, ignored);
      for (const part of ['added', 'modified', 'removed'] as const) {
        assert.ok(
          full[part].recursiveDifference(ignored).equals(withoutIgnored[part].recursiveDifference(ignored)),
          part,
        );
        for (const path of withoutIgnored[part].paths())
          assert.ok(!ignored.has(path.slice(0, 1)) || path.length === 0, `${part} ${JSON.stringify(path)}`);
      }
    }
  }
});

test('a subtree added whole is recorded as the node-by-node walk records it', (t) => {
  t.after(() => useAddedShortcut(true));
  const odd = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'odd',
      labels: {},
      annotations: { a: 'b' },
      finalizers: ['x', 'y', 'x'],
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u1' },
        { apiVersion: 'v1', kind: 'Node', name: 'n2', uid: 'u1' },
        { apiVersion: 'v1', kind: 'Node', name: 'n3' },
        null,
        'scalar',
      ],
      managedFields: [{ any: { thing: [1, 2] } }],
      extra: { undeclared: [{ deep: true }] },
      gone: undefined,
    },
    spec: {
      replicas: null,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'a',
              image: 'i',
              ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }],
              env: [],
            },
            { name: 'b', image: 'j', args: ['x', 'x'] },
            { name: 'b', image: 'k' },
            { image: 'no-name' },
          ],
          volumes: [],
        },
      },
    },
    status: { readyReplicas: 0, replicas: [1], observedGeneration: { not: 'a number' } },
  };
  const objects: unknown[] = [
    deployment(1, 'a'),
    deployment(2, 'b', 1),
    odd,
    { kind: 'Other', spec: [], status: 'x' },
    {},
  ];
  const schemas = [types, new SchemaTypes(undefined)];
  const parts = ['added', 'modified', 'removed'] as const;
  for (const schema of schemas) {
    for (const rhs of objects) {
      for (const lhs of [undefined, {}, deployment(1, 'a'), { metadata: { name: 'odd' } }]) {
        useAddedShortcut(false);
        const walked = compareValuesTyped(schema, lhs, rhs);
        useAddedShortcut(true);
        const shortcut = compareValuesTyped(schema, lhs, rhs);
        for (const part of parts) {
          assert.deepEqual(
            shortcut[part].paths().map(pathString),
            walked[part].paths().map(pathString),
            `${part} of ${JSON.stringify(lhs)} -> ${JSON.stringify(rhs)}`,
          );
        }
      }
    }
  }
});
