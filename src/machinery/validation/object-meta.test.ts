import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.d.ts';
import { fieldErrorMessage, invalid as invalidStatus } from '../status.ts';
import { validateImmutableField, validateNonnegativeField } from './field-errors.ts';
import { isDNS1035Label } from './names.ts';
import {
  validateAnnotations,
  validateFinalizers,
  validateLabels,
  validateNoNewFinalizers,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateOwnerReferences,
} from './object-meta.ts';

const msgs = (errs: Parameters<typeof fieldErrorMessage>[0][]) => errs.map(fieldErrorMessage);
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const namespaced = { namespaced: true, nameRule: 'subdomain' } as const;
const clusterScoped = { namespaced: false, nameRule: 'subdomain' } as const;

describe('validateObjectMeta: names', () => {
  const cases: [string, ObjectMeta, string[]][] = [
    ['valid', { name: 'web-1', namespace: 'default' }, []],
    ['valid 253 chars', { name: 'a'.repeat(253), namespace: 'default' }, []],
    [
      'too long',
      { name: 'a'.repeat(254), namespace: 'default' },
      [`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
    ],
    [
      'uppercase',
      { name: 'Web', namespace: 'default' },
      [`metadata.name: Invalid value: "Web": ${SUBDOMAIN_MSG}`],
    ],
    [
      'leading dash',
      { name: '-web', namespace: 'default' },
      [`metadata.name: Invalid value: "-web": ${SUBDOMAIN_MSG}`],
    ],
    [
      'missing name',
      { namespace: 'default' },
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'generateName only is still missing a name (the server fills it before validating)',
      { generateName: 'web-', namespace: 'default' },
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'bad generateName',
      { generateName: 'Web-', name: 'x', namespace: 'default' },
      [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`],
    ],
    ['good generateName', { generateName: 'web-', name: 'web-abcde', namespace: 'default' }, []],
    ['missing namespace', { name: 'x' }, ['metadata.namespace: Required value']],
    [
      'bad namespace',
      { name: 'x', namespace: 'foo.bar' },
      ['metadata.namespace: Invalid value: "foo.bar": must not contain dots'],
    ],
    [
      'namespace 64 chars',
      { name: 'x', namespace: 'a'.repeat(64) },
      [`metadata.namespace: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ],
    [
      'negative generation',
      { name: 'x', namespace: 'd', generation: -1 },
      ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ];
  for (const [name, meta, want] of cases)
    test(name, () => assert.deepEqual(msgs(validateObjectMeta(meta, namespaced)), want));
  test('cluster-scoped kinds forbid a namespace', () => {
    assert.deepEqual(msgs(validateObjectMeta({ name: 'n', namespace: 'x' }, clusterScoped)), [
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    assert.deepEqual(validateObjectMeta({ name: 'n' }, clusterScoped), []);
  });
  test('label names (namespaces) and DNS-1035 (services)', () => {
    assert.deepEqual(msgs(validateObjectMeta({ name: 'a.b' }, { namespaced: false, nameRule: 'label' })), [
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
    assert.deepEqual(msgs(validateObjectMeta({ name: 'Ab' }, { namespaced: false, nameRule: 'label' })), [
      `metadata.name: Invalid value: "Ab": ${LABEL_MSG}`,
    ]);
    assert.equal(
      validateObjectMeta({ name: '1svc', namespace: 'd' }, { namespaced: true, nameRule: 'dns1035' }).length,
      1,
    );
    assert.deepEqual(
      validateObjectMeta({ name: 'a:b', namespace: 'd' }, { namespaced: true, nameRule: 'path-segment' }),
      [],
    );
    assert.equal(
      validateObjectMeta({ name: 'a/b', namespace: 'd' }, { namespaced: true, nameRule: 'path-segment' })
        .length,
      1,
    );
  });
  test('custom rule', () => {
    const opts = {
      namespaced: false,
      nameRule: 'custom' as const,
      validateName: (n: string) => (n.startsWith('system:') ? [] : ['must start with system:']),
    };
    assert.deepEqual(msgs(validateObjectMeta({ name: 'x' }, opts)), [
      'metadata.name: Invalid value: "x": must start with system:',
    ]);
    assert.throws(() => validateObjectMeta({ name: 'x' }, { namespaced: false, nameRule: 'custom' }));
  });
  test('another path prefix (embedded templates)', () => {
    assert.deepEqual(
      msgs(validateObjectMeta({ name: 'X', namespace: 'd' }, namespaced, 'spec.template.metadata')),
      [`spec.template.metadata.name: Invalid value: "X": ${SUBDOMAIN_MSG}`],
    );
  });
  test('error order follows upstream', () => {
    const errs = validateObjectMeta(
      {
        generateName: 'A',
        namespace: 'a.b',
        generation: -1,
        labels: { '-x': 'y' },
        annotations: { '-k': 'v' },
        finalizers: ['a/b/c'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: '' }],
      },
      namespaced,
    );
    assert.deepEqual(
      errs.map((e) => e.field),
      [
        'metadata.generateName',
        'metadata.name',
        'metadata.namespace',
        'metadata.generation',
        'metadata.labels',
        'metadata.annotations',
        'metadata.ownerReferences.uid',
        'metadata.finalizers',
      ],
    );
  });
});

describe('labels and annotations', () => {
  test('labels: all errors at the map path', () => {
    assert.deepEqual(msgs(validateLabels({ 'a/b/c': 'x', ok: '-bad' }, 'metadata.labels')), [
      "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    assert.deepEqual(validateLabels({ 'app.kubernetes.io/name': 'web', empty: '' }, 'l'), []);
    assert.deepEqual(msgs(validateLabels({ a: 'v'.repeat(64) }, 'l')), [
      `l: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ]);
  });
  test('annotation keys are checked lower-cased, values are free', () => {
    assert.deepEqual(
      validateAnnotations(
        { 'Example.com/Key': 'anything at all: ☃', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        'a',
      ),
      [],
    );
    assert.equal(validateAnnotations({ 'bad key': 'v' }, 'a').length, 1);
  });
  test('annotation total size limit is 256 KiB', () => {
    const key = 'k';
    assert.deepEqual(validateAnnotations({ [key]: 'v'.repeat(256 * 1024 - 1) }, 'metadata.annotations'), []);
    assert.deepEqual(msgs(validateAnnotations({ [key]: 'v'.repeat(256 * 1024) }, 'metadata.annotations')), [
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
    // Bytes, not characters: 'é' is two bytes.
    assert.equal(validateAnnotations({ k: 'é'.repeat(128 * 1024) }, 'a').length, 1);
  });
});

describe('owner references', () => {
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' };
  test('valid', () =>
    assert.deepEqual(
      validateOwnerReferences(
        [ref, { ...ref, name: 'rs2', uid: 'u2', controller: true }],
        'metadata.ownerReferences',
      ),
      [],
    ));
  test('required parts', () => {
    assert.deepEqual(
      msgs(
        validateOwnerReferences(
          [{ apiVersion: '', kind: '', name: '', uid: '' }],
          'metadata.ownerReferences',
        ),
      ),
      [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
      ],
    );
    assert.deepEqual(msgs(validateOwnerReferences([{ ...ref, apiVersion: 'apps/' }], 'o')), [
      'o.apiVersion: Invalid value: "apps/": version must not be empty',
    ]);
    assert.deepEqual(msgs(validateOwnerReferences([{ ...ref, apiVersion: 'a/b/c' }], 'o')), [
      'o.apiVersion: Invalid value: "a/b/c": version must not be empty',
    ]);
  });
  test('events cannot own', () => {
    const errs = validateOwnerReferences([{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }], 'o');
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.detail, '/v1, Kind=Event is disallowed from being an owner');
  });
  test('only one controller', () => {
    const errs = validateOwnerReferences(
      [
        { ...ref, kind: 'customresourceKind2', name: 'name', controller: true },
        { ...ref, kind: 'customresourceKind3', name: 'name', controller: true },
      ],
      'metadata.ownerReferences',
    );
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.field, 'metadata.ownerReferences');
    assert.equal(
      errs[0]!.detail,
      'Only one reference can have Controller set to true. Found "true" in references for customresourceKind2/name and customresourceKind3/name',
    );
  });
});

describe('finalizers', () => {
  test('qualified names', () => {
    assert.deepEqual(
      validateFinalizers(['kubernetes.io/pvc-protection', 'foregroundDeletion', 'orphan-x'], 'f'),
      [],
    );
    assert.equal(validateFinalizers(['a/b/c'], 'f').length, 1);
  });
  test('orphan and foregroundDeletion conflict', () => {
    assert.deepEqual(msgs(validateFinalizers(['orphan', 'foregroundDeletion'], 'metadata.finalizers')), [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
  test('no new finalizers while deleting', () => {
    assert.deepEqual(validateNoNewFinalizers(['x/a'], ['x/a', 'y/b'], 'f'), []);
    assert.deepEqual(
      msgs(validateNoNewFinalizers(['x/a', 'z/c', 'y/b', 'y/b'], ['x/a'], 'metadata.finalizers')),
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y/b", "z/c"}',
      ],
    );
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMeta = {
    name: 'test',
    namespace: 'ns',
    uid: 'u1',
    resourceVersion: '1',
    creationTimestamp: '2026-01-01T00:00:00Z',
    generation: 5,
  };
  const cases: [string, ObjectMeta, ObjectMeta, string[]][] = [
    ['unchanged', old, { ...old }, []],
    ['label change is fine', old, { ...old, labels: { a: 'b' } }, []],
    [
      'missing resourceVersion',
      old,
      { ...old, resourceVersion: undefined },
      ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
    [
      'generation decremented',
      old,
      { ...old, generation: 4 },
      ['metadata.generation: Invalid value: 4: must not be decremented'],
    ],
    ['generation incremented', old, { ...old, generation: 6 }, []],
    [
      'name changed',
      old,
      { ...old, name: 'other' },
      ['metadata.name: Invalid value: "other": field is immutable'],
    ],
    [
      'namespace changed',
      old,
      { ...old, namespace: 'x' },
      ['metadata.namespace: Invalid value: "x": field is immutable'],
    ],
    ['uid changed', old, { ...old, uid: 'u2' }, ['metadata.uid: Invalid value: "u2": field is immutable']],
    [
      'creationTimestamp changed',
      old,
      { ...old, creationTimestamp: '2026-01-01T00:00:01Z' },
      ['metadata.creationTimestamp: Invalid value: 2026-01-01 00:00:01 +0000 UTC: field is immutable'],
    ],
    [
      'creationTimestamp same instant, other offset',
      old,
      { ...old, creationTimestamp: '2026-01-01T01:00:00+01:00' },
      [],
    ],
    [
      'creationTimestamp removed',
      old,
      { ...old, creationTimestamp: undefined },
      ['metadata.creationTimestamp: Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable'],
    ],
    [
      'set deletionTimestamp',
      old,
      { ...old, deletionTimestamp: '1970-01-01T00:16:40Z' },
      ['metadata.deletionTimestamp: Invalid value: 1970-01-01 00:16:40 +0000 UTC: field is immutable'],
    ],
    [
      'clear deletionTimestamp',
      { ...old, deletionTimestamp: '1970-01-01T00:16:40Z' },
      { ...old },
      ['metadata.deletionTimestamp: Invalid value: "null": field is immutable'],
    ],
    [
      'change deletionTimestamp',
      { ...old, deletionTimestamp: '1970-01-01T00:16:40Z' },
      { ...old, deletionTimestamp: '1970-01-01T00:33:20Z' },
      ['metadata.deletionTimestamp: Invalid value: 1970-01-01 00:33:20 +0000 UTC: field is immutable'],
    ],
    [
      'set deletionGracePeriodSeconds',
      old,
      { ...old, deletionGracePeriodSeconds: 30 },
      ['metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable'],
    ],
    [
      'clear deletionGracePeriodSeconds',
      { ...old, deletionGracePeriodSeconds: 30 },
      { ...old },
      ['metadata.deletionGracePeriodSeconds: Invalid value: "null": field is immutable'],
    ],
    [
      'change deletionGracePeriodSeconds',
      { ...old, deletionGracePeriodSeconds: 30 },
      { ...old, deletionGracePeriodSeconds: 40 },
      ['metadata.deletionGracePeriodSeconds: Invalid value: 40: field is immutable'],
    ],
    [
      'deleting: adding a finalizer',
      { ...old, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['x/a'] },
      { ...old, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['x/a', 'y/b'] },
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y/b"}',
      ],
    ],
    [
      'deleting: removing a finalizer',
      { ...old, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['x/a', 'y/b'] },
      { ...old, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['x/a'] },
      [],
    ],
    [
      'not deleting: adding a finalizer',
      { ...old, finalizers: ['x/a'] },
      { ...old, finalizers: ['x/a', 'y/b'] },
      [],
    ],
    [
      'bad new label',
      old,
      { ...old, labels: { 'a b': 'c' } },
      [
        "metadata.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  ];
  for (const [name, before, after, want] of cases)
    test(name, () => assert.deepEqual(msgs(validateObjectMetaUpdate(after, before)), want));
});

describe('generic helpers and the final message', () => {
  test('validateNonnegativeField', () => {
    assert.deepEqual(validateNonnegativeField(0, 'spec.replicas'), []);
    assert.deepEqual(msgs(validateNonnegativeField(-1, 'spec.replicas')), [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
  test('validateImmutableField', () => {
    assert.deepEqual(validateImmutableField({ a: [1, 2] }, { a: [1, 2] }, 'spec.selector'), []);
    assert.deepEqual(validateImmutableField(undefined, null, 'x'), []);
    assert.deepEqual(
      msgs(
        validateImmutableField({ matchLabels: { app: 'b' } }, { matchLabels: { app: 'a' } }, 'spec.selector'),
      ),
      ['spec.selector: Invalid value: {"matchLabels":{"app":"b"}}: field is immutable'],
    );
    assert.deepEqual(msgs(validateImmutableField('ClusterIP', 'NodePort', 'spec.type')), [
      'spec.type: Invalid value: "ClusterIP": field is immutable',
    ]);
    assert.deepEqual(
      validateImmutableField('1', '1000m', 'q', { equal: (a, b) => (a === '1' && b === '1000m') || a === b }),
      [],
    );
  });
  test('how kubectl shows it: The Deployment "web" is invalid: ...', () => {
    const errs = [
      ...validateObjectMeta({ name: 'Web', namespace: 'default' }, namespaced),
      ...validateNonnegativeField(-1, 'spec.replicas'),
    ];
    const e = invalidStatus('Deployment', 'apps', 'Web', errs);
    assert.equal(
      e.message,
      `Deployment.apps "Web" is invalid: [metadata.name: Invalid value: "Web": ${SUBDOMAIN_MSG}, spec.replicas: Invalid value: -1: must be greater than or equal to 0]`,
    );
    assert.equal(e.code, 422);
    assert.deepEqual(e.details?.causes?.[1], {
      reason: 'FieldValueInvalid',
      message: 'Invalid value: -1: must be greater than or equal to 0',
      field: 'spec.replicas',
    });
  });
  test('DNS-1035 via isDNS1035Label for services', () => assert.equal(isDNS1035Label('my-svc').length, 0));
});
