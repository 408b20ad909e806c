import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { type Crd, customResourceDefinitionStrategy as s } from './custom-resource-definition.ts';
import { acceptNames } from './names-accepted.ts';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        replicas: { type: 'integer', minimum: 1, default: 1 },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        items: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
  },
};

const crd = (spec: Record<string, unknown> = {}, name = 'crontabs.stable.example.com'): Crd =>
  ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, creationTimestamp: '2025-06-01T11:00:00Z' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', kind: 'CronTab', shortNames: ['ct'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          subresources: { status: {} },
        },
      ],
      ...spec,
    },
  }) as Crd;

checkStrategy(s, {
  valid: crd(),
  alsoValid: [
    crd({
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          subresources: {
            status: {},
            scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
          },
          additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }],
        },
      ],
    }),
  ],
  status: { acceptedNames: { plural: 'crontabs', kind: 'CronTab' }, storedVersions: ['v1'] },
});

test('crds: defaults and stored versions', () => {
  const c = prepared(s, crd());
  assert.equal(c.spec?.names?.singular, 'crontab');
  assert.equal(c.spec?.names?.listKind, 'CronTabList');
  assert.deepEqual(c.spec?.conversion, { strategy: 'None' });
  assert.deepEqual(c.status, { storedVersions: ['v1'] });
});

test('crds: name must be <plural>.<group>; group, scope and versions as upstream', () => {
  const errs = (x: Crd) => s.validate!(prepared(s, x)).map((e) => `${e.field}: ${e.detail ?? e.type}`);
  assert.deepEqual(errs(crd({}, 'crontab.stable.example.com')), [
    'metadata.name: must be spec.names.plural+"."+spec.group',
  ]);
  const two = crd(
    {
      group: 'example',
      scope: 'Global',
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } },
        { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: schema } },
      ],
    },
    'crontabs.example',
  );
  assert.deepEqual(errs(two), [
    'spec.group: should be a domain with at least one dot',
    'spec.scope: FieldValueNotSupported',
    'spec.versions: must have exactly one version marked as storage version',
    // Create records only the first storage version.
    'status.storedVersions: must have the storage version v2',
  ]);
  const noSchema = crd({ versions: [{ name: 'v1', served: true, storage: true }] });
  assert.deepEqual(errs(noSchema), ['spec.versions[0].schema.openAPIV3Schema: schemas are required']);
});

test('crds: structural schema rules at spec.validation.openAPIV3Schema (one version)', () => {
  const bad = {
    type: 'object',
    properties: {
      metadata: { type: 'object', properties: { labels: { type: 'object' } } },
      spec: {
        properties: { a: { type: 'array' }, b: { $ref: '#/x', type: 'string' } },
        additionalProperties: false,
        type: 'object',
      },
      list: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        items: { type: 'object', properties: { k: { type: 'string' } } },
      },
    },
  };
  const errs = s.validate!(
    prepared(
      s,
      crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: bad } }] }),
    ),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.type}: ${e.detail}`),
    [
      'spec.validation.openAPIV3Schema.properties[metadata]: FieldValueForbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
      'spec.validation.openAPIV3Schema.properties[spec].properties[a].items: FieldValueRequired: must be specified',
      'spec.validation.openAPIV3Schema.properties[spec].additionalProperties: FieldValueForbidden: additionalProperties and properties are mutual exclusive',
      'spec.validation.openAPIV3Schema.properties[spec].properties[b].$ref: FieldValueForbidden: $ref is not supported',
      'spec.validation.openAPIV3Schema.properties[list].x-kubernetes-list-map-keys: FieldValueRequired: must not be empty if x-kubernetes-list-type is map',
    ],
  );
  const untyped = { type: 'object', properties: { spec: { properties: { x: { type: 'string' } } } } };
  assert.deepEqual(
    s.validate!(
      prepared(
        s,
        crd({
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: untyped } }],
        }),
      ),
    ).map((e) => `${e.field}: ${e.detail}`),
    ['spec.validation.openAPIV3Schema.properties[spec].type: must not be empty for specified object fields'],
  );
});

test('crds: per-version paths when schemas differ; value validations must be structural', () => {
  // Upstream checks the completeness of value validations from the root.
  const nested = {
    type: 'object',
    properties: { spec: { type: 'object', anyOf: [{ type: 'object' }] } },
    anyOf: [{ properties: { missing: {} } }],
  };
  const x = crd({
    versions: [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } },
      { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: nested } },
    ],
  });
  assert.deepEqual(
    s.validate!(prepared(s, x)).map((e) => `${e.field}: ${e.detail}`),
    [
      // Structural errors come sorted by their text, as upstream sorts them.
      'spec.versions[1].schema.openAPIV3Schema.properties[missing]: because it is defined in spec.versions[1].schema.openAPIV3Schema.anyOf[0].properties[missing]',
      'spec.versions[1].schema.openAPIV3Schema.properties[spec].anyOf[0].type: must be empty to be structural',
    ],
  );
});

test('crds: subresources, printer columns and conversion', () => {
  const x = crd({
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: schema },
        subresources: { scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: '.spec.replicas' } },
        additionalPrinterColumns: [{ name: 'X', type: 'float', jsonPath: '.spec.x' }],
      },
    ],
    conversion: { strategy: 'Webhook' },
  });
  assert.deepEqual(
    s.validate!(prepared(s, x)).map((e) => `${e.field}: ${e.detail ?? e.type}`),
    [
      'spec.subresources.scale.specReplicasPath: must be a simple json path starting with .',
      'spec.subresources.scale.statusReplicasPath: should be a json path under .status',
      'spec.additionalPrinterColumns[0].type: must be one of boolean,date,integer,number,string',
      'spec.conversion.webhookClientConfig: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: FieldValueRequired',
    ],
  );
});

test('crds: protected groups need API approval', () => {
  const x = crd(
    { group: 'widgets.k8s.io', names: { plural: 'gizmos', kind: 'Gizmo' } },
    'gizmos.widgets.k8s.io',
  );
  assert.deepEqual(
    s.validate!(prepared(s, x)).map((e) => e.field),
    ['metadata.annotations[api-approved.kubernetes.io]'],
  );
  x.metadata!.annotations = {
    'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111',
  };
  assert.deepEqual(s.validate!(prepared(s, x)), []);
});

test('crds: group and plural are immutable; scope and kind once established; generation via spec', () => {
  const old = prepared(s, crd());
  (old as any).status = { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] };
  const next = structuredClone(old);
  next.spec!.scope = 'Cluster';
  next.spec!.names!.plural = 'crons';
  s.prepareForUpdate!(next, old, CTX);
  assert.deepEqual(
    s.validateUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    ['spec.scope: field is immutable', 'spec.names.plural: field is immutable'],
  );
});

test('crds: stored versions must include the storage version', () => {
  const old = prepared(s, crd());
  const next = structuredClone(old);
  next.spec!.versions = [{ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: schema } }];
  s.prepareForUpdate!(next, old, CTX);
  // v1 is still stored somewhere, so it must stay in spec.versions.
  assert.deepEqual(next.status?.storedVersions, ['v1', 'v2']);
  assert.deepEqual(
    s.validateUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    ['status.storedVersions[0]: must appear in spec.versions'],
  );
});

test('crds: names accepted unless another CRD of the group holds them', () => {
  const mine = prepared(s, crd());
  const other = prepared(
    s,
    crd(
      { names: { plural: 'jobs', singular: 'crontab', kind: 'Job', shortNames: ['ct'] } },
      'jobs.stable.example.com',
    ),
  );
  (other as any).status = {
    acceptedNames: {
      plural: 'jobs',
      singular: 'crontab',
      kind: 'Job',
      listKind: 'JobList',
      shortNames: ['ct'],
    },
  };
  const { acceptedNames, conditions } = acceptNames(mine, [other], NOW);
  assert.equal(acceptedNames.plural, 'crontabs');
  assert.equal(acceptedNames.singular, undefined);
  const names = conditions.find((c) => c.type === 'NamesAccepted')!;
  assert.deepEqual(
    [names.status, names.reason, names.message],
    ['False', 'ShortNamesConflict', '"ct" is already in use'],
  );
  assert.equal(conditions.find((c) => c.type === 'Established')?.status, 'False');
  const alone = acceptNames(mine, [], NOW);
  assert.deepEqual(alone.acceptedNames, {
    plural: 'crontabs',
    singular: 'crontab',
    kind: 'CronTab',
    listKind: 'CronTabList',
    shortNames: ['ct'],
  });
  assert.deepEqual(
    alone.conditions.map((c) => [c.type, c.status, c.reason]),
    [
      ['NamesAccepted', 'True', 'NoConflicts'],
      ['Established', 'True', 'InitialNamesAccepted'],
    ],
  );
});

test('crds: table is Name and Created At', () => {
  assert.deepEqual(s.table!.row(prepared(s, crd()), NOW), [
    'crontabs.stable.example.com',
    '2025-06-01T11:00:00Z',
  ]);
});
