import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControllerRevision, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { controllerRevisionStrategy } from './controllerrevision.ts';
import { replicaSetStrategy } from './replicaset.ts';

type Obj = Record<string, any>;
type RS = KubeObject & ReplicaSet;
type CR = KubeObject & ControllerRevision;

/** The frontend ReplicaSet of the Kubernetes docs (controllers/frontend.yaml). */
const frontend = (): RS => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'frontend',
    namespace: 'default',
    labels: { app: 'guestbook', tier: 'frontend' },
    creationTimestamp: '2025-06-01T11:59:00Z',
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { tier: 'frontend' } },
    template: {
      metadata: { labels: { tier: 'frontend' } },
      spec: {
        containers: [
          { name: 'php-redis', image: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5' },
        ],
      },
    },
  },
});

checkStrategy(replicaSetStrategy, {
  valid: frontend(),
  alsoValid: [
    {
      ...frontend(),
      spec: {
        ...frontend().spec!,
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'web'] }] },
      },
    },
  ],
  status: {
    replicas: 3,
    fullyLabeledReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    observedGeneration: 1,
  },
});

test('replicasets: defaults, validation, immutable selector', () => {
  const rs = frontend() as Obj;
  delete rs.spec.replicas;
  replicaSetStrategy.defaults!(rs as RS);
  assert.equal(rs.spec.replicas, 1);
  const bad = frontend() as Obj;
  bad.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'Is', values: ['x'] }] };
  assert.deepEqual(
    replicaSetStrategy.validate!(prepared(replicaSetStrategy, bad as RS)).map(fieldErrorMessage),
    [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"Is", Values:[]string{"x"}}}}: invalid label selector',
    ],
  );
  const old = prepared(replicaSetStrategy, frontend());
  const next = structuredClone(old) as Obj;
  next.spec.selector.matchLabels.app = 'guestbook';
  next.spec.template.metadata.labels.app = 'guestbook';
  replicaSetStrategy.prepareForUpdate!(next as RS, old, CTX);
  assert.deepEqual(
    replicaSetStrategy.validateUpdate!(next as RS, old).map((e) => e.field),
    ['spec.selector'],
  );
});

test('replicasets: table and field selector', () => {
  const rs = prepared(replicaSetStrategy, frontend()) as Obj;
  rs.status = { replicas: 3, readyReplicas: 1 };
  assert.deepEqual(replicaSetStrategy.table!.row(rs as RS, NOW), [
    'frontend',
    3,
    3,
    1,
    '60s',
    'php-redis',
    'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5',
    'tier=frontend',
  ]);
  assert.deepEqual(replicaSetStrategy.selectableFields!(rs as RS), { 'status.replicas': '3' });
  assert.deepEqual(replicaSetStrategy.shortNames, ['rs']);
});

const revision = (): CR => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: {
    name: 'web-6c5d8d57f7',
    namespace: 'default',
    creationTimestamp: '2025-06-01T11:00:00Z',
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: 'u1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  data: { spec: { template: { $patch: 'replace' } } },
  revision: 1,
});

checkStrategy(controllerRevisionStrategy, { valid: revision() });

test('controller revisions: data required and immutable, controller column', () => {
  const noData = revision() as Obj;
  delete noData.data;
  assert.deepEqual(controllerRevisionStrategy.validate!(noData as CR).map(fieldErrorMessage), [
    'data: Required value: data is mandatory',
  ]);
  const old = revision();
  const next = structuredClone(old) as Obj;
  next.data = { other: true };
  assert.deepEqual(
    controllerRevisionStrategy.validateUpdate!(next as CR, old).map((e) => `${e.field}: ${e.detail}`),
    ['data: field is immutable'],
  );
  assert.deepEqual(controllerRevisionStrategy.table!.row(old, NOW), [
    'web-6c5d8d57f7',
    'statefulset.apps/web',
    1,
    '60m',
  ]);
  const orphan = revision() as Obj;
  delete orphan.metadata.ownerReferences;
  assert.equal(controllerRevisionStrategy.table!.row(orphan as CR, NOW)[1], '<none>');
});
