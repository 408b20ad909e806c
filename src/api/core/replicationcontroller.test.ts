import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodTemplate, ReplicationController } from 'kubernetes-types/core/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { podTemplateStrategy } from './podtemplate.ts';
import { replicationControllerStrategy } from './replicationcontroller.ts';

type Obj = Record<string, any>;
type RC = KubeObject & ReplicationController;
type PT = KubeObject & PodTemplate;

/** The ReplicationController example of the Kubernetes docs (controllers/replication.yaml). */
const nginxRC = (): RC => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'nginx', namespace: 'default', creationTimestamp: '2025-06-01T11:58:00Z' },
  spec: {
    replicas: 3,
    selector: { app: 'nginx' },
    template: {
      metadata: { name: 'nginx', labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    },
  },
});

checkStrategy(replicationControllerStrategy, {
  valid: nginxRC(),
  status: {
    replicas: 3,
    fullyLabeledReplicas: 3,
    readyReplicas: 2,
    availableReplicas: 2,
    observedGeneration: 1,
  },
});

const template = (): PT => ({
  apiVersion: 'v1',
  kind: 'PodTemplate',
  metadata: { name: 'tpl', namespace: 'default' },
  template: {
    metadata: { labels: { app: 'x' } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
  },
});

checkStrategy(podTemplateStrategy, { valid: template() });

test('replication controllers default selector and labels from the template, and one replica', () => {
  const rc = nginxRC() as Obj;
  delete rc.spec.selector;
  delete rc.spec.replicas;
  replicationControllerStrategy.defaults!(rc as RC);
  assert.deepEqual(rc.spec.selector, { app: 'nginx' });
  assert.deepEqual(rc.metadata.labels, { app: 'nginx' });
  assert.equal(rc.spec.replicas, 1);
  assert.equal(rc.spec.template.spec.restartPolicy, 'Always');
  assert.equal(rc.spec.template.spec.containers[0].imagePullPolicy, 'Always');
});

test('replication controller validation', () => {
  const errors = (mutate: (rc: Obj) => void) => {
    const rc = nginxRC() as Obj;
    mutate(rc);
    return replicationControllerStrategy.validate!(prepared(replicationControllerStrategy, rc as RC)).map(
      fieldErrorMessage,
    );
  };
  assert.deepEqual(
    errors((rc) => (rc.spec.selector = { app: 'other' })),
    [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ],
  );
  assert.deepEqual(
    errors((rc) => (rc.spec.template.spec.restartPolicy = 'OnFailure')),
    ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  );
  assert.deepEqual(
    errors((rc) => (rc.spec.replicas = -1)),
    ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  );
  assert.deepEqual(
    errors((rc) => (rc.spec.template.spec.activeDeadlineSeconds = 10)),
    [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported',
    ],
  );
  assert.deepEqual(
    errors((rc) => delete rc.spec.template),
    ['spec.template: Required value'],
  );
});

test('replication controller status counters', () => {
  const rc = prepared(replicationControllerStrategy, nginxRC()) as Obj;
  const next = structuredClone(rc);
  next.status = { replicas: 1, readyReplicas: 2, availableReplicas: 3 };
  replicationControllerStrategy.prepareForStatusUpdate!(next as RC, rc as RC, CTX);
  assert.deepEqual(
    replicationControllerStrategy.validateStatusUpdate!(next as RC, rc as RC).map(fieldErrorMessage),
    [
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas',
    ],
  );
});

test('replication controllers: scale subresource, field selector, table', () => {
  assert.deepEqual(replicationControllerStrategy.subresources?.scale, {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.spec.selector',
  });
  const rc = prepared(replicationControllerStrategy, nginxRC()) as Obj;
  rc.status = { replicas: 3, readyReplicas: 2 };
  assert.deepEqual(replicationControllerStrategy.selectableFields!(rc as RC), { 'status.replicas': '3' });
  assert.deepEqual(replicationControllerStrategy.table!.row(rc as RC, NOW), [
    'nginx',
    3,
    3,
    2,
    '2m',
    'nginx',
    'nginx',
    'app=nginx',
  ]);
  assert.deepEqual(
    replicationControllerStrategy.table!.columns.map((c) => c.name),
    ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector'],
  );
});

test('pod templates: validation at template.*, generation follows the template, table', () => {
  const bad = template() as Obj;
  bad.template.spec.containers[0].image = '';
  assert.deepEqual(
    podTemplateStrategy.validate!(prepared(podTemplateStrategy, bad as PT)).map(fieldErrorMessage),
    ['template.spec.containers[0].image: Required value'],
  );
  const old = prepared(podTemplateStrategy, template());
  const relabelled = structuredClone(old) as Obj;
  relabelled.metadata.labels = { x: 'y' };
  assert.equal(podTemplateStrategy.generationChanged!(relabelled as PT, old), false);
  const changed = structuredClone(old) as Obj;
  changed.template.spec.containers[0].image = 'busybox:1.37';
  assert.equal(podTemplateStrategy.generationChanged!(changed as PT, old), true);
  assert.deepEqual(podTemplateStrategy.table!.row(old, NOW), ['tpl', 'c', 'busybox:1.36', 'app=x']);
});
