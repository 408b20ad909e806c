import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceQuota } from 'kubernetes-types/core/v1.d.ts';
import { quotaStatus, type TrackedResource, trackedResources } from './usage.ts';

const quota = (
  hard: Record<string, string>,
  spec: Partial<NonNullable<ResourceQuota['spec']>> = {},
): ResourceQuota => ({
  metadata: { name: 'q', namespace: 'ns' },
  spec: { hard, ...spec },
});

const pod = (
  name: string,
  o: {
    cpu?: string;
    mem?: string;
    limitCpu?: string;
    phase?: string;
    deadline?: number;
    priorityClassName?: string;
  } = {},
) => ({
  metadata: { name },
  spec: {
    ...(o.deadline !== undefined ? { activeDeadlineSeconds: o.deadline } : {}),
    ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
    containers: [
      {
        name: 'c',
        resources: {
          requests: { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.mem ? { memory: o.mem } : {}) },
          limits: { ...(o.limitCpu ? { cpu: o.limitCpu } : {}) },
        },
      },
    ],
  },
  status: { phase: o.phase ?? 'Running' },
});

const objects: Record<string, unknown[]> = {
  '/pods': [
    pod('a', { cpu: '250m', mem: '64Mi', limitCpu: '500m' }),
    pod('b', { cpu: '1', mem: '1Gi', deadline: 30, priorityClassName: 'high' }),
    pod('done', { cpu: '4', phase: 'Succeeded' }),
    pod('best'),
  ],
  '/services': [
    { spec: { type: 'ClusterIP', ports: [{ port: 80 }] } },
    { spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } },
    { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
  ],
  '/persistentvolumeclaims': [
    { spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } },
    { spec: { resources: { requests: { storage: '500Mi' } } } },
  ],
  '/configmaps': [{}, {}],
  'apps/deployments': [{}],
};
const objectsOf = (r: TrackedResource) => objects[`${r.group}/${r.resource}`] ?? [];

test('trackedResources maps quota names to resources', () => {
  assert.deepEqual(
    trackedResources([
      'requests.cpu',
      'services.nodeports',
      'count/deployments.apps',
      'configmaps',
      'fast.storageclass.storage.k8s.io/requests.storage',
    ])
      .map((r) => `${r.group}/${r.resource}`)
      .sort(),
    ['/configmaps', '/persistentvolumeclaims', '/pods', '/services', 'apps/deployments'],
  );
});

test('quotaStatus: compute, counts, services, storage; terminal pods free; untracked names absent', () => {
  const s = quotaStatus(
    quota({
      pods: '10',
      'requests.cpu': '4',
      'requests.memory': '4Gi',
      'limits.cpu': '8',
      services: '5',
      'services.nodeports': '5',
      'services.loadbalancers': '1',
      'requests.storage': '10Gi',
      'fast.storageclass.storage.k8s.io/requests.storage': '5Gi',
      persistentvolumeclaims: '5',
      configmaps: '3',
      'count/deployments.apps': '2',
      'count/secrets': '9',
    }),
    objectsOf,
    Date.now(),
  );
  assert.deepEqual(s.used, {
    configmaps: '2',
    'count/deployments.apps': '1',
    'count/secrets': '0',
    'fast.storageclass.storage.k8s.io/requests.storage': '1Gi',
    'limits.cpu': '500m',
    persistentvolumeclaims: '2',
    pods: '3',
    'requests.cpu': '1250m',
    'requests.memory': '1088Mi',
    'requests.storage': '1524Mi',
    services: '3',
    'services.loadbalancers': '1',
    'services.nodeports': '3',
  });
  assert.equal(s.hard?.pods, '10');
});

test('quotaStatus: scopes select pods', () => {
  const used = (spec: Partial<NonNullable<ResourceQuota['spec']>>) =>
    quotaStatus(quota({ pods: '10' }, spec), objectsOf, Date.now()).used?.pods;
  assert.equal(used({ scopes: ['Terminating'] }), '1');
  assert.equal(used({ scopes: ['NotTerminating'] }), '2');
  assert.equal(used({ scopes: ['BestEffort'] }), '1');
  assert.equal(used({ scopes: ['NotBestEffort', 'NotTerminating'] }), '1');
  assert.equal(
    used({
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
    }),
    '1',
  );
  assert.equal(
    used({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'DoesNotExist' }] } }),
    '2',
  );
});
