import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definitions, deploymentSchema } from '../testing/workload-schema.ts';
import { compareValuesTyped } from './compare.ts';
import { FieldSet } from './field-set.ts';
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
