import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Crd } from '../../api/apiextensions/custom-resource-definition.ts';
import type { KubeObject } from '../../api/strategy.ts';
import { fieldErrorMessage } from '../../machinery/status.ts';
import { finalizerWarnings, validateScaleSpec, validateScaleStatus } from './custom-resource-checks.ts';
import { customResourceServing, deprecationWarning } from './custom-resource-strategy.ts';
import { columnCell, printerColumnsTable } from './printer-columns.ts';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', kind: 'CronTab' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { replicas: { type: 'integer', maximum: 10 }, color: { type: 'string' } },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        },
        selectableFields: [{ jsonPath: '.spec.color' }],
      },
      { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
  status: {
    acceptedNames: {
      plural: 'crontabs',
      singular: 'crontab',
      kind: 'CronTab',
      listKind: 'CronTabList',
      shortNames: ['ct'],
      categories: ['all'],
    },
  },
} as unknown as Crd;

const serving = customResourceServing(CRD, false)!;
const s = serving.strategy;
const ctx = { now: new Date() };

function cronTab(fields: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'c', namespace: 'default', generation: 1 },
    spec: { replicas: 1 },
    ...fields,
  };
}

describe('customResourceServing', () => {
  it('takes names, scope and served versions from the CRD', () => {
    assert.deepEqual(
      [s.group, s.kind, s.resource, s.singular, s.namespaced],
      ['stable.example.com', 'CronTab', 'crontabs', 'crontab', true],
    );
    assert.deepEqual(s.versions, ['v1']);
    assert.deepEqual([s.shortNames, s.categories], [['ct'], ['all']]);
    assert.deepEqual(s.subresources, {
      status: true,
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
    });
    assert.equal(serving.storageVersion, 'v1');
    assert.deepEqual(Object.keys(serving.schemas), ['v1']);
  });

  it('is nothing to serve without accepted names or served versions', () => {
    assert.equal(customResourceServing({ ...CRD, status: {} } as Crd, false), undefined);
    const unserved = structuredClone(CRD);
    unserved.spec.versions[0]!.served = false;
    assert.equal(customResourceServing(unserved, false), undefined);
  });

  it('drops status on create and keeps the old status on update; /status keeps everything else', () => {
    const created = cronTab({ status: { replicas: 3 } });
    s.prepareForCreate!(created, ctx);
    assert.equal(created.status, undefined);

    const old = cronTab({ status: { replicas: 1 } });
    const updated = cronTab({ status: { replicas: 9 }, spec: { replicas: 2 } });
    s.prepareForUpdate!(updated, old, ctx);
    assert.deepEqual(updated.status, { replicas: 1 });
    assert.equal(s.generationChanged!(updated, old), true);

    const statusWrite = cronTab({ status: { replicas: 4 }, spec: { replicas: 7 } });
    statusWrite.metadata!.labels = { sneaky: 'yes' };
    s.prepareForStatusUpdate!(statusWrite, old, ctx);
    assert.deepEqual(statusWrite.spec, { replicas: 1 });
    assert.deepEqual(statusWrite.status, { replicas: 4 });
    assert.equal(statusWrite.metadata!.labels, undefined);
  });

  it('bumps generation for any change outside metadata', () => {
    const old = cronTab();
    const relabeled = cronTab();
    relabeled.metadata!.labels = { a: 'b' };
    assert.equal(s.generationChanged!(relabeled, old), false);
    assert.equal(s.generationChanged!(cronTab({ extra: 1 }), old), true);
  });

  it('refuses creates while the CRD terminates', () => {
    const terminating = customResourceServing(CRD, true)!.strategy;
    assert.throws(() => terminating.prepareForCreate!(cronTab(), ctx), {
      code: 405,
      message: 'create not allowed while custom resource definition is terminating',
    });
  });

  it('validates the whole object on create and only the status through /status', () => {
    assert.deepEqual(s.validate!(cronTab({ spec: { replicas: 11 } })).map(fieldErrorMessage), [
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
    ]);
    const old = cronTab({ spec: { replicas: 11 } });
    assert.deepEqual(
      s.validateUpdate!(cronTab({ spec: { replicas: 11 }, status: {} }), old),
      [],
      'ratcheted',
    );
    assert.deepEqual(
      s.validateStatusUpdate!(cronTab({ status: { replicas: 'x' } }), old).map(fieldErrorMessage),
      [
        'status.replicas: Invalid value: "string": replicas in body must be of type integer: "string"',
        '.status.replicas: Invalid value: 0: .status.replicas accessor error: x is of the type string, expected int64',
      ],
    );
  });

  it('prunes and defaults when converting, and only changes apiVersion otherwise', () => {
    const obj = cronTab({ spec: { replicas: 1, unknown: true } });
    const out = s.convert!(obj, 'v1');
    assert.deepEqual(out.spec, { replicas: 1 });
    assert.equal(out.apiVersion, 'stable.example.com/v1');
  });

  it('exposes the selectable fields, empty when absent', () => {
    assert.deepEqual(s.selectableFields!(cronTab({ spec: { color: 'red' } })), { 'spec.color': 'red' });
    assert.deepEqual(s.selectableFields!({ metadata: {} }), { 'spec.color': '' });
  });
});

describe('scale checks and finalizer warnings', () => {
  const scale = {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.selector',
  };
  it('checks replicas where the scale subresource reads them', () => {
    assert.deepEqual(validateScaleSpec(cronTab({ spec: { replicas: -1 } }), scale).map(fieldErrorMessage), [
      '.spec.replicas: Invalid value: -1: should be a non-negative integer',
    ]);
    assert.deepEqual(validateScaleSpec(cronTab({ spec: 'x' }), scale).map(fieldErrorMessage), [
      '.spec.replicas: Invalid value: 0: .spec.replicas accessor error: x is of the type string, expected map[string]interface{}',
    ]);
    assert.deepEqual(
      validateScaleSpec(cronTab({ spec: { replicas: 2 ** 31 } }), scale).map(fieldErrorMessage),
      ['.spec.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647'],
    );
    assert.deepEqual(
      validateScaleStatus(cronTab({ status: { replicas: 1, selector: 5 } }), scale).map(fieldErrorMessage),
      [
        '.status.selector: Invalid value: "": .status.selector accessor error: 5 is of the type int64, expected string',
      ],
    );
    assert.deepEqual(validateScaleStatus(cronTab(), scale), []);
  });
  it('warns about finalizers that are not domain-qualified', () => {
    const obj = cronTab();
    obj.metadata!.finalizers = ['example.com/ok', 'foregroundDeletion', 'plain', 'dotted.name'];
    assert.deepEqual(finalizerWarnings(obj), [
      'metadata.finalizers: "dotted.name": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers',
      'metadata.finalizers: "plain": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers',
    ]);
    assert.deepEqual(finalizerWarnings(obj, obj), []);
  });
});

describe('printer columns', () => {
  const now = new Date('2024-05-01T10:00:00Z');
  it('types cells as upstream does', () => {
    assert.equal(columnCell('integer', 2.7, now), 2);
    assert.equal(columnCell('integer', '2', now), null);
    assert.equal(columnCell('number', 3, now), 3);
    assert.equal(columnCell('boolean', true, now), true);
    assert.equal(columnCell('string', { a: 1 }, now), '{"a":1}');
    assert.equal(columnCell('string', 1.5, now), '1.5');
    assert.equal(columnCell('string', null, now), '<no value>');
    assert.equal(columnCell('string', undefined, now), null);
    assert.equal(columnCell('date', '2024-05-01T09:58:00Z', now), '2m');
    assert.equal(columnCell('date', 'yesterday', now), '<invalid>');
    assert.equal(columnCell('date', '', now), '<unknown>');
  });
  it('builds Name plus the declared columns, or Name and Age', () => {
    const table = printerColumnsTable([
      { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
      { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1, description: 'the image' },
    ]);
    assert.deepEqual(table.columns.map((c) => [c.name, c.type, c.priority, c.description]).slice(1), [
      ['Spec', 'string', 0, 'Custom resource definition column (in JSONPath format): .spec.cronSpec'],
      ['Image', 'string', 1, 'the image'],
    ]);
    assert.deepEqual(table.row({ metadata: { name: 'n' }, spec: { cronSpec: '* * * * *' } }, now), [
      'n',
      '* * * * *',
      null,
    ]);
    const plain = printerColumnsTable(undefined);
    assert.deepEqual(
      plain.columns.map((c) => [c.name, c.type]),
      [
        ['Name', 'string'],
        ['Age', 'date'],
      ],
    );
    assert.deepEqual(plain.row({ metadata: { name: 'n', creationTimestamp: '2024-05-01T09:00:00Z' } }, now), [
      'n',
      '60m',
    ]);
  });
});

describe('deprecationWarning', () => {
  const v = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    served: true,
    storage: false,
    ...extra,
  });
  it('names the most preferred served version that is not deprecated', () => {
    const versions = [v('v1alpha1', { deprecated: true }), v('v1beta1'), v('v1'), v('v2', { served: false })];
    assert.equal(
      deprecationWarning('g.io', 'K', 'v1alpha1', versions),
      'g.io/v1alpha1 K is deprecated; use g.io/v1 K',
    );
    assert.equal(
      deprecationWarning('g.io', 'K', 'v1', [v('v1', { deprecated: true }), v('v1beta1')]),
      'g.io/v1 K is deprecated',
    );
  });
});
