import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { deploymentStrategy } from './deployment.ts';

type Obj = Record<string, any>;
type D = KubeObject & Deployment;

/** The nginx Deployment of the Kubernetes docs (controllers/nginx-deployment.yaml). */
const nginxDeployment = (): D => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'nginx-deployment',
    namespace: 'default',
    labels: { app: 'nginx' },
    creationTimestamp: '2025-06-01T11:00:00Z',
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
    },
  },
});

checkStrategy(deploymentStrategy, {
  valid: nginxDeployment(),
  alsoValid: [{ ...nginxDeployment(), spec: { ...nginxDeployment().spec!, strategy: { type: 'Recreate' } } }],
  status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
});

test('the docs nginx Deployment gets the spec a v1.32 server returns', () => {
  const d = nginxDeployment();
  deploymentStrategy.defaults!(d);
  assert.deepEqual(d.spec, {
    progressDeadlineSeconds: 600,
    replicas: 3,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'nginx' } },
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
      spec: {
        containers: [
          {
            image: 'nginx:1.14.2',
            imagePullPolicy: 'IfNotPresent',
            name: 'nginx',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
  });
  const created = prepared(deploymentStrategy, nginxDeployment()) as Obj;
  assert.deepEqual(created.status, {});
});

test('apps/v1 does not derive the selector from template labels', () => {
  const d = nginxDeployment() as Obj;
  delete d.spec.selector;
  deploymentStrategy.defaults!(d as D);
  assert.equal(d.spec.selector, undefined);
  assert.deepEqual(deploymentStrategy.validate!(d as D).map(fieldErrorMessage), [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
  ]);
});

const invalidCases: [string, (d: Obj) => void, string[]][] = [
  [
    'selector not matching the template',
    (d) => (d.spec.selector = { matchLabels: { app: 'web' } }),
    [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ],
  ],
  [
    'empty selector',
    (d) => (d.spec.selector = {}),
    [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ],
  ],
  [
    'pods that do not restart',
    (d) => (d.spec.template.spec.restartPolicy = 'Never'),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ],
  [
    'negative replicas',
    (d) => (d.spec.replicas = -2),
    ['spec.replicas: Invalid value: -2: must be greater than or equal to 0'],
  ],
  [
    'no surge and no unavailability',
    (d) =>
      (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
  ],
  [
    'more than everything unavailable',
    (d) =>
      (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '150%' } }),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
  ],
  [
    'a malformed percentage',
    (d) =>
      (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'lots', maxUnavailable: 1 } }),
    [
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'rolling parameters on Recreate',
    (d) => (d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }),
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  ],
  [
    'progress deadline within minReadySeconds',
    (d) => {
      d.spec.minReadySeconds = 700;
    },
    ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
  ],
  [
    'an invalid container in the template',
    (d) => (d.spec.template.spec.containers[0].name = ''),
    ['spec.template.spec.containers[0].name: Required value'],
  ],
];

for (const [name, mutate, expected] of invalidCases) {
  test(`invalid deployment: ${name}`, () => {
    const d = nginxDeployment() as Obj;
    mutate(d);
    assert.deepEqual(
      deploymentStrategy.validate!(prepared(deploymentStrategy, d as D)).map(fieldErrorMessage),
      expected,
    );
  });
}

test('the selector of an apps/v1 Deployment is immutable', () => {
  const old = prepared(deploymentStrategy, nginxDeployment());
  const next = structuredClone(old) as Obj;
  next.spec.selector = { matchLabels: { app: 'nginx', tier: 'web' } };
  next.spec.template.metadata.labels.tier = 'web';
  deploymentStrategy.prepareForUpdate!(next as D, old, CTX);
  assert.deepEqual(deploymentStrategy.validateUpdate!(next as D, old).map(fieldErrorMessage), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
});

test('generation counts spec and annotation changes; status updates keep spec and labels', () => {
  const old = prepared(deploymentStrategy, nginxDeployment());
  const annotated = structuredClone(old) as Obj;
  annotated.metadata.annotations = { 'kubernetes.io/change-cause': 'x' };
  assert.equal(deploymentStrategy.generationChanged!(annotated as D, old), true);
  const relabelled = structuredClone(old) as Obj;
  relabelled.metadata.labels = { other: 'x' };
  assert.equal(deploymentStrategy.generationChanged!(relabelled as D, old), false);
  const viaStatus = structuredClone(old) as Obj;
  viaStatus.metadata.labels = { other: 'x' };
  viaStatus.status = { replicas: 1 };
  deploymentStrategy.prepareForStatusUpdate!(viaStatus as D, old, CTX);
  assert.deepEqual(viaStatus.metadata.labels, { app: 'nginx' });
});

test('deployment status: counters and collision count', () => {
  const old = prepared(deploymentStrategy, nginxDeployment()) as Obj;
  old.status = { replicas: 3, collisionCount: 2 };
  const next = structuredClone(old);
  next.status = { replicas: 3, readyReplicas: 4, availableReplicas: 4, collisionCount: 1 };
  assert.deepEqual(deploymentStrategy.validateStatusUpdate!(next as D, old as D).map(fieldErrorMessage), [
    'status.readyReplicas: Invalid value: 4: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 4: cannot be greater than status.replicas',
    'status.collisionCount: Invalid value: 1: cannot be decremented',
  ]);
});

test('deployment table: kubectl get deployments -o wide', () => {
  const d = prepared(deploymentStrategy, nginxDeployment()) as Obj;
  d.status = { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
  assert.deepEqual(
    deploymentStrategy.table!.columns.map((c) => c.name),
    ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'],
  );
  assert.deepEqual(deploymentStrategy.table!.row(d as D, NOW), [
    'nginx-deployment',
    '2/3',
    3,
    2,
    '60m',
    'nginx',
    'nginx:1.14.2',
    'app=nginx',
  ]);
  assert.deepEqual(deploymentStrategy.subresources?.scale?.specReplicasPath, '.spec.replicas');
  assert.deepEqual(deploymentStrategy.shortNames, ['deploy']);
});
