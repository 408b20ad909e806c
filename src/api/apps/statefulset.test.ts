import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { statefulSetStrategy } from './statefulset.ts';

type Obj = Record<string, any>;
type S = KubeObject & StatefulSet;

/** The StatefulSet example of the Kubernetes docs (application/web/web.yaml). */
const web = (): S => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T11:59:30Z' },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'registry.k8s.io/nginx-slim:0.21',
            ports: [{ containerPort: 80, name: 'web' }],
            volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
          },
        ],
      },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
});

checkStrategy(statefulSetStrategy, {
  valid: web(),
  status: {
    replicas: 2,
    readyReplicas: 2,
    currentReplicas: 2,
    updatedReplicas: 2,
    availableReplicas: 2,
    observedGeneration: 1,
  },
});

test('the docs web StatefulSet gets upstream defaults, claim templates included', () => {
  const sts = web() as Obj;
  statefulSetStrategy.defaults!(sts as S);
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, {
    whenDeleted: 'Retain',
    whenScaled: 'Retain',
  });
  assert.equal(sts.spec.revisionHistoryLimit, 10);
  assert.equal(sts.spec.replicas, 2);
  assert.deepEqual(sts.spec.volumeClaimTemplates, [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'www', creationTimestamp: null },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Pending' },
    },
  ]);
  const explicit = web() as Obj;
  explicit.spec.updateStrategy = { type: 'RollingUpdate' };
  statefulSetStrategy.defaults!(explicit as S);
  assert.deepEqual(
    explicit.spec.updateStrategy,
    { type: 'RollingUpdate' },
    'an explicit type gets no rollingUpdate',
  );
});

test('statefulset validation', () => {
  const errors = (mutate: (s: Obj) => void) => {
    const sts = web() as Obj;
    mutate(sts);
    return statefulSetStrategy.validate!(prepared(statefulSetStrategy, sts as S)).map(fieldErrorMessage);
  };
  assert.deepEqual(
    errors((s) => (s.spec.podManagementPolicy = 'Random')),
    ["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"],
  );
  assert.deepEqual(
    errors((s) => (s.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } })),
    [
      'spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\'',
    ],
  );
  assert.deepEqual(
    errors(
      (s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'Retain' }),
    ),
    [
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ],
  );
  assert.deepEqual(
    errors((s) => (s.spec.selector = { matchLabels: { app: 'other' } })),
    [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ],
  );
  assert.deepEqual(
    errors((s) => (s.spec.template.spec.activeDeadlineSeconds = 5)),
    [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
    ],
  );
  // As upstream, the template's pod spec is not validated (volumes may come from claim templates).
  assert.deepEqual(
    errors((s) => (s.spec.template.spec.containers[0].image = '')),
    [],
  );
});

test('statefulset updates: only some spec fields may change', () => {
  const old = prepared(statefulSetStrategy, web());
  const scaled = structuredClone(old) as Obj;
  scaled.spec.replicas = 5;
  scaled.spec.template.spec.containers[0].image = 'registry.k8s.io/nginx-slim:0.22';
  statefulSetStrategy.prepareForUpdate!(scaled as S, old, CTX);
  assert.deepEqual(statefulSetStrategy.validateUpdate!(scaled as S, old), []);
  const renamed = structuredClone(old) as Obj;
  renamed.spec.serviceName = 'other';
  assert.deepEqual(statefulSetStrategy.validateUpdate!(renamed as S, old).map(fieldErrorMessage), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
});

test('statefulset status and table', () => {
  const old = prepared(statefulSetStrategy, web()) as Obj;
  const next = structuredClone(old);
  next.status = { replicas: 2, readyReplicas: 1, availableReplicas: 2 };
  assert.deepEqual(statefulSetStrategy.validateStatusUpdate!(next as S, old as S).map(fieldErrorMessage), [
    'status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas',
  ]);
  next.status = { replicas: 2, readyReplicas: 1 };
  assert.deepEqual(statefulSetStrategy.table!.row(next as S, NOW), [
    'web',
    '1/2',
    '30s',
    'nginx',
    'registry.k8s.io/nginx-slim:0.21',
  ]);
  assert.equal(statefulSetStrategy.nameRule, 'label');
  assert.deepEqual(statefulSetStrategy.shortNames, ['sts']);
});
