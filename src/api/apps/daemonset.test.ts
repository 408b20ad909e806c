import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { daemonSetStrategy, TEMPLATE_GENERATION_ANNOTATION } from './daemonset.ts';

type Obj = Record<string, any>;
type DS = KubeObject & DaemonSet;

/** The fluentd DaemonSet of the Kubernetes docs (controllers/daemonset.yaml), abridged. */
const fluentd = (): DS => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'fluentd-elasticsearch',
    namespace: 'kube-system',
    creationTimestamp: '2025-06-01T09:00:00Z',
  },
  spec: {
    selector: { matchLabels: { name: 'fluentd-elasticsearch' } },
    template: {
      metadata: { labels: { name: 'fluentd-elasticsearch' } },
      spec: {
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
        containers: [
          {
            name: 'fluentd-elasticsearch',
            image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
            resources: { limits: { memory: '200Mi' }, requests: { cpu: '100m', memory: '200Mi' } },
          },
        ],
        volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
      },
    },
  },
});

checkStrategy(daemonSetStrategy, {
  valid: fluentd(),
  status: {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    numberReady: 1,
    numberMisscheduled: 0,
    observedGeneration: 1,
  },
});

test('daemonsets default to rolling one node at a time, and count template generations', () => {
  const created = prepared(daemonSetStrategy, fluentd()) as Obj;
  assert.deepEqual(created.spec.updateStrategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  assert.equal(created.spec.revisionHistoryLimit, 10);
  assert.equal(created.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION], '1');
  const relabelled = structuredClone(created);
  relabelled.metadata.labels = { a: 'b' };
  relabelled.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION] = '7';
  daemonSetStrategy.prepareForUpdate!(relabelled as DS, created as DS, CTX);
  assert.equal(relabelled.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION], '1', 'clients cannot set it');
  const retemplated = structuredClone(created);
  retemplated.spec.template.spec.containers[0].image = 'quay.io/fluentd_elasticsearch/fluentd:v2.6.0';
  daemonSetStrategy.prepareForUpdate!(retemplated as DS, created as DS, CTX);
  assert.equal(retemplated.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION], '2');
  assert.deepEqual(daemonSetStrategy.validateUpdate!(retemplated as DS, created as DS), []);
});

test('daemonset validation', () => {
  const errors = (mutate: (d: Obj) => void) => {
    const ds = fluentd() as Obj;
    mutate(ds);
    return daemonSetStrategy.validate!(prepared(daemonSetStrategy, ds as DS)).map(fieldErrorMessage);
  };
  assert.deepEqual(
    errors(
      (d) =>
        (d.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1, maxSurge: 1 },
        }),
    ),
    [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    ],
  );
  assert.deepEqual(
    errors(
      (d) =>
        (d.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 0 },
        }),
    ),
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
  );
  assert.deepEqual(
    errors((d) => delete d.spec.selector),
    [
      'spec.template.metadata.labels: Invalid value: map[string]string{"name":"fluentd-elasticsearch"}: `selector` does not match template `labels`',
    ],
  );
  assert.deepEqual(
    errors((d) => (d.spec.template.spec.restartPolicy = 'OnFailure')),
    ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  );
});

test('daemonset table: kubectl get daemonsets -o wide', () => {
  const ds = prepared(daemonSetStrategy, fluentd()) as Obj;
  ds.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
  ds.status = {
    desiredNumberScheduled: 3,
    currentNumberScheduled: 3,
    numberReady: 2,
    updatedNumberScheduled: 3,
    numberAvailable: 2,
  };
  assert.deepEqual(daemonSetStrategy.table!.row(ds as DS, NOW), [
    'fluentd-elasticsearch',
    3,
    3,
    2,
    3,
    2,
    'kubernetes.io/os=linux',
    '3h',
    'fluentd-elasticsearch',
    'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
    'name=fluentd-elasticsearch',
  ]);
  assert.deepEqual(
    daemonSetStrategy.table!.columns.map((c) => c.name),
    [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ],
  );
});
