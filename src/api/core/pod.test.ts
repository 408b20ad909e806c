import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { podStrategy } from './pod.ts';

type Obj = Record<string, any>;
type PodObject = KubeObject & Pod;

const nginx = (): PodObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx', namespace: 'default', uid: 'u1', creationTimestamp: '2025-06-01T11:00:00Z' },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
});

checkStrategy(podStrategy, {
  valid: nginx(),
  alsoValid: [
    {
      ...nginx(),
      spec: {
        initContainers: [{ name: 'init', image: 'busybox', command: ['true'] }],
        containers: [{ name: 'a', image: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
        restartPolicy: 'Never',
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      },
    },
  ],
  status: { phase: 'Running', qosClass: 'BestEffort', podIPs: [{ ip: '10.42.0.5' }], podIP: '10.42.0.5' },
});

test('pods: identity as kubectl and discovery see it', () => {
  assert.equal(podStrategy.resource, 'pods');
  assert.deepEqual(podStrategy.shortNames, ['po']);
  assert.deepEqual(podStrategy.categories, ['all']);
  assert.equal(podStrategy.namespaced, true);
  assert.deepEqual(podStrategy.subresources, { status: true });
});

test('pods start Pending with their QoS class, whatever status the client sent', () => {
  const pod = nginx() as Obj;
  pod.status = { phase: 'Running', hostIP: '1.2.3.4' };
  pod.metadata.generation = 1;
  const created = prepared(podStrategy, pod as PodObject);
  assert.deepEqual(created.status, { phase: 'Pending', qosClass: 'BestEffort' });
  assert.equal(created.metadata?.generation, undefined);
});

test('gated pods carry a SchedulingGated condition from creation', () => {
  const pod = nginx() as Obj;
  pod.spec.schedulingGates = [{ name: 'example.com/quota' }];
  const created = prepared(podStrategy, pod as PodObject);
  assert.deepEqual(created.status?.conditions, [
    {
      type: 'PodScheduled',
      status: 'False',
      reason: 'SchedulingGated',
      message: 'Scheduling is blocked due to non-empty scheduling gates',
      lastProbeTime: null,
      lastTransitionTime: null,
    },
  ]);
});

test('matchLabelKeys of pod affinity become selector expressions at creation', () => {
  const pod = nginx() as Obj;
  pod.metadata.labels = { app: 'web', 'pod-template-hash': 'abc' };
  pod.spec.affinity = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchLabels: { app: 'web' } },
          topologyKey: 'kubernetes.io/hostname',
          matchLabelKeys: ['pod-template-hash'],
        },
      ],
    },
  };
  const created = prepared(podStrategy, pod as PodObject) as Obj;
  assert.deepEqual(
    created.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector,
    {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['abc'] }],
    },
  );
});

test('a status update keeps spec and owner references; qosClass is backfilled', () => {
  const old = prepared(podStrategy, nginx()) as Obj;
  old.metadata.ownerReferences = [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'r1', controller: true },
  ];
  const next = structuredClone(old);
  next.spec.containers[0].image = 'changed';
  next.metadata.ownerReferences = [];
  next.status = { phase: 'Running' };
  podStrategy.prepareForStatusUpdate!(next as PodObject, old as PodObject, CTX);
  assert.equal(next.spec.containers[0].image, 'nginx:1.14.2');
  assert.deepEqual(next.metadata.ownerReferences, old.metadata.ownerReferences);
  assert.deepEqual(next.status, { phase: 'Running', qosClass: 'BestEffort' });
});

test('field selectors see the pod fields kubectl and the kubelet select on', () => {
  const pod = prepared(podStrategy, nginx()) as Obj;
  pod.spec.nodeName = 'node-1';
  pod.spec.serviceAccountName = 'default';
  pod.status = { phase: 'Running', podIPs: [{ ip: '10.42.0.5' }, { ip: 'fd00::5' }] };
  assert.deepEqual(podStrategy.selectableFields!(pod as PodObject), {
    'spec.nodeName': 'node-1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'default',
    'spec.hostNetwork': 'false',
    'status.phase': 'Running',
    'status.podIP': '10.42.0.5',
    'status.nominatedNodeName': '',
  });
});

test('grace period: the spec value for scheduled pods, at once otherwise', () => {
  const pod = prepared(podStrategy, nginx()) as Obj;
  assert.equal(podStrategy.gracePeriodSeconds!(pod as PodObject, undefined), 0, 'unscheduled');
  pod.spec.nodeName = 'n1';
  assert.equal(podStrategy.gracePeriodSeconds!(pod as PodObject, undefined), 30);
  pod.spec.terminationGracePeriodSeconds = -5;
  assert.equal(podStrategy.gracePeriodSeconds!(pod as PodObject, undefined), 1);
  pod.status.phase = 'Succeeded';
  assert.equal(podStrategy.gracePeriodSeconds!(pod as PodObject, undefined), 0, 'finished');
});

test('pod table columns are kubectl get pods -o wide', () => {
  assert.deepEqual(
    podStrategy.table!.columns.map((c) => `${c.name}:${c.priority}`),
    [
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ],
  );
});

/** A pod in a given state, as a kubelet would report it. */
function podIn(spec: Obj, status: Obj, meta: Obj = {}): PodObject {
  return {
    metadata: { name: 'p', creationTimestamp: '2025-06-01T11:00:00Z', ...meta },
    spec: { containers: [{ name: 'a', image: 'a' }], ...spec },
    status,
  } as PodObject;
}

const running = { running: { startedAt: '2025-06-01T11:00:05Z' } };
const readyCondition = { type: 'Ready', status: 'True' };

const rowCases: [string, PodObject, unknown[]][] = [
  [
    'pending, unscheduled',
    podIn({}, { phase: 'Pending' }),
    ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'creating',
    podIn(
      { nodeName: 'n1' },
      {
        phase: 'Pending',
        containerStatuses: [
          { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    ),
    ['p', '0/1', 'ContainerCreating', '0', '60m', '<none>', 'n1', '<none>', '<none>'],
  ],
  [
    'running and ready',
    podIn(
      { nodeName: 'n1' },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.42.0.7' }],
        conditions: [readyCondition],
        containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }],
      },
    ),
    ['p', '1/1', 'Running', '0', '60m', '10.42.0.7', 'n1', '<none>', '<none>'],
  ],
  [
    'crash looping with restarts',
    podIn(
      { nodeName: 'n1' },
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'a',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: '2025-06-01T11:55:00Z' } },
          },
        ],
      },
    ),
    ['p', '0/1', 'CrashLoopBackOff', '4 (5m ago)', '60m', '<none>', 'n1', '<none>', '<none>'],
  ],
  [
    'completed',
    podIn(
      { restartPolicy: 'Never' },
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'a',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
    ),
    ['p', '0/1', 'Completed', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'exited without reason',
    podIn(
      {},
      {
        phase: 'Failed',
        containerStatuses: [{ name: 'a', restartCount: 0, state: { terminated: { exitCode: 137 } } }],
      },
    ),
    ['p', '0/1', 'ExitCode:137', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'killed by a signal',
    podIn(
      {},
      {
        phase: 'Failed',
        containerStatuses: [
          { name: 'a', restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } },
        ],
      },
    ),
    ['p', '0/1', 'Signal:9', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'initialising',
    podIn(
      {
        initContainers: [
          { name: 'i1', image: 'i' },
          { name: 'i2', image: 'i' },
        ],
      },
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'i2', restartCount: 0, state: running },
        ],
        containerStatuses: [
          { name: 'a', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    ),
    ['p', '0/1', 'Init:1/2', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'init container crashing',
    podIn(
      { initContainers: [{ name: 'i1', image: 'i' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    ),
    ['p', '0/1', 'Init:CrashLoopBackOff', '2', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'init container failed',
    podIn(
      { initContainers: [{ name: 'i1', image: 'i' }] },
      {
        phase: 'Failed',
        initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 3 } } }],
      },
    ),
    ['p', '0/1', 'Init:ExitCode:3', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'pod initializing',
    podIn(
      { initContainers: [{ name: 'i1', image: 'i' }] },
      {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 'i1', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
        containerStatuses: [
          { name: 'a', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    ),
    ['p', '0/1', 'PodInitializing', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'sidecar counted as a container',
    podIn(
      { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        conditions: [readyCondition, { type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 'proxy', ready: true, started: true, restartCount: 1, state: running },
        ],
        containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }],
      },
    ),
    ['p', '2/2', 'Running', '1', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'one container done, one running',
    podIn(
      {
        containers: [
          { name: 'a', image: 'a' },
          { name: 'b', image: 'b' },
        ],
      },
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: running },
          {
            name: 'b',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
    ),
    ['p', '1/2', 'NotReady', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'terminating',
    podIn(
      { nodeName: 'n1' },
      { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] },
      { deletionTimestamp: '2025-06-01T11:59:00Z' },
    ),
    ['p', '1/1', 'Terminating', '0', '60m', '<none>', 'n1', '<none>', '<none>'],
  ],
  [
    'node lost',
    podIn(
      { nodeName: 'n1' },
      { phase: 'Running', reason: 'NodeLost' },
      { deletionTimestamp: '2025-06-01T11:59:00Z' },
    ),
    ['p', '0/1', 'Unknown', '0', '60m', '<none>', 'n1', '<none>', '<none>'],
  ],
  [
    'evicted',
    podIn({}, { phase: 'Failed', reason: 'Evicted' }),
    ['p', '0/1', 'Evicted', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'scheduling gated',
    podIn(
      {},
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    ),
    ['p', '0/1', 'SchedulingGated', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'readiness gates and a nominated node',
    podIn(
      { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      { phase: 'Pending', nominatedNodeName: 'n2', conditions: [{ type: 'example.com/lb', status: 'True' }] },
    ),
    ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', 'n2', '1/2'],
  ],
];

for (const [name, pod, cells] of rowCases) {
  test(`pod table row: ${name}`, () => {
    assert.deepEqual(podStrategy.table!.row(pod, NOW), cells);
  });
}
