import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTX, checkStrategy, NOW, prepared } from '../../strategy-conformance.ts';
import { persistentVolumeStrategy as pv } from './persistent-volume.ts';
import { persistentVolumeClaimStrategy as pvc } from './persistent-volume-claim.ts';

const pvMeta = { name: 'pv-1', creationTimestamp: '2025-06-01T11:00:00Z' };
const claimMeta = { name: 'data', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };

checkStrategy(pv, {
  valid: {
    metadata: pvMeta,
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
  },
  alsoValid: [
    {
      metadata: { name: 'nfs' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany'],
        nfs: { server: 'nfs.example.com', path: '/exports' },
      },
    },
    {
      metadata: { name: 'csi' },
      spec: {
        capacity: { storage: '5Gi' },
        accessModes: ['ReadWriteOncePod'],
        csi: { driver: 'csi.example.com', volumeHandle: 'v1' },
      },
    },
  ],
  status: { phase: 'Bound' },
});
checkStrategy(pvc, {
  valid: {
    metadata: claimMeta,
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
});

test('persistentvolumes: defaults and create status', () => {
  const v = prepared(pv, {
    metadata: pvMeta,
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/d' } },
  });
  assert.equal(v.spec?.persistentVolumeReclaimPolicy, 'Retain');
  assert.equal(v.spec?.volumeMode, 'Filesystem');
  assert.equal(v.spec?.hostPath?.type, '');
  assert.deepEqual(v.status, { phase: 'Pending', lastPhaseTransitionTime: '2025-06-01T12:00:00Z' });
});

test('persistentvolumes: one source, storage capacity, access modes', () => {
  const errs = (spec: object) =>
    pv.validate!(prepared(pv, { metadata: pvMeta, spec } as any)).map(
      (e) => `${e.field}: ${e.detail ?? e.type}`,
    );
  assert.deepEqual(errs({}), [
    'spec.accessModes: FieldValueRequired',
    'spec.capacity: FieldValueRequired',
    'spec.capacity: FieldValueNotSupported',
    'spec: must specify a volume type',
  ]);
  assert.deepEqual(
    errs({
      capacity: { storage: '0' },
      accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'],
      hostPath: { path: '/a' },
      nfs: { server: 's', path: '/p' },
    }),
    [
      'spec.accessModes: may not use ReadWriteOncePod with other access modes',
      'spec.capacity[storage]: must be greater than zero',
      'spec.nfs: may not specify more than 1 volume type',
    ],
  );
  assert.deepEqual(
    errs({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt' } }),
    ['spec.nodeAffinity: Local volume requires node affinity'],
  );
});

test('persistentvolumes: the source is fixed; status phase changes stamp the time', () => {
  const old = prepared(pv, {
    metadata: pvMeta,
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/a' } },
  });
  const next = structuredClone(old);
  next.spec!.hostPath = { path: '/b', type: '' };
  assert.deepEqual(
    pv.validateUpdate!(next, old).map((e) => e.field),
    ['spec.persistentvolumesource'],
  );
  const bound = structuredClone(old);
  (bound as any).status = { phase: 'Bound' };
  pv.prepareForStatusUpdate!(
    bound,
    { ...old, status: { phase: 'Available', lastPhaseTransitionTime: '2025-01-01T00:00:00Z' } } as any,
    CTX,
  );
  assert.equal(bound.status?.lastPhaseTransitionTime, '2025-06-01T12:00:00Z');
});

test('persistentvolumes: table', () => {
  const v = prepared(pv, {
    metadata: pvMeta,
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
      hostPath: { path: '/d' },
      claimRef: { namespace: 'default', name: 'data' },
      storageClassName: 'local-path',
    },
  });
  (v as any).status = { phase: 'Bound' };
  assert.deepEqual(pv.table!.row(v, NOW), [
    'pv-1',
    '1Gi',
    'RWO,RWX',
    'Retain',
    'Bound',
    'default/data',
    'local-path',
    '<unset>',
    '',
    '60m',
    'Filesystem',
  ]);
});

test('persistentvolumeclaims: required storage at spec.resources[storage], volumeMode default', () => {
  const c = prepared(pvc, { metadata: claimMeta, spec: { accessModes: ['ReadWriteOnce'] } });
  assert.equal(c.spec?.volumeMode, 'Filesystem');
  assert.deepEqual(
    pvc.validate!(c).map((e) => `${e.field}: ${e.type}`),
    ['spec.resources[storage]: FieldValueRequired'],
  );
  const none = prepared(pvc, { metadata: claimMeta, spec: { resources: { requests: { storage: '0' } } } });
  assert.deepEqual(
    pvc.validate!(none).map((e) => `${e.field}: ${e.detail}`),
    [
      'spec.accessModes: at least 1 access mode is required',
      'spec.resources[storage]: must be greater than zero',
    ],
  );
});

test('persistentvolumeclaims: data sources mirror each other', () => {
  const c = prepared(pvc, {
    metadata: claimMeta,
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      dataSource: { kind: 'PersistentVolumeClaim', name: 'src' },
    },
  });
  assert.deepEqual(c.spec?.dataSourceRef, { kind: 'PersistentVolumeClaim', name: 'src' });
  assert.deepEqual(pvc.validate!(c), []);
});

test('persistentvolumeclaims: spec is immutable except volumeName once and bound expansion', () => {
  const old = prepared(pvc, {
    metadata: claimMeta,
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  const bind = structuredClone(old);
  bind.spec!.volumeName = 'pv-1';
  assert.deepEqual(pvc.validateUpdate!(bind, old), []);
  const grow = structuredClone(old);
  grow.spec!.resources!.requests!.storage = '2Gi';
  assert.deepEqual(
    pvc.validateUpdate!(grow, old).map((e) => e.field),
    ['spec'],
  );
  (grow as any).status = { phase: 'Bound' };
  assert.deepEqual(pvc.validateUpdate!(grow, old), []);
  const mode = structuredClone(old);
  mode.spec!.accessModes = ['ReadWriteMany'];
  assert.equal(
    pvc.validateUpdate!(mode, old)[0]?.detail?.startsWith('spec is immutable after creation'),
    true,
  );
});

test('persistentvolumeclaims: table', () => {
  const c = prepared(pvc, {
    metadata: claimMeta,
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'local-path',
    },
  });
  assert.deepEqual(pvc.table!.row(c, NOW), [
    'data',
    'Pending',
    '',
    '',
    '',
    'local-path',
    '<unset>',
    '60m',
    'Filesystem',
  ]);
  c.spec!.volumeName = 'pv-1';
  (c as any).status = { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] };
  assert.deepEqual(pvc.table!.row(c, NOW).slice(1, 5), ['Bound', 'pv-1', '1Gi', 'RWO']);
  assert.deepEqual(
    pvc.warnings!({ ...c, spec: { ...c.spec, resources: { requests: { storage: '1500m' } } } }),
    ['spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer'],
  );
});
