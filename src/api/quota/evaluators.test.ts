import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResourceName, evaluatorFor, podCounts, podEvaluator, podResources } from './evaluators.ts';
import { formatResourceList, lessThanOrEqual, parseResourceList, prettyPrint } from './resource-list.ts';

const container = (
  name: string,
  requests: Record<string, string> = {},
  limits: Record<string, string> = {},
  restartPolicy?: string,
) => ({
  name,
  resources: { requests, limits },
  ...(restartPolicy ? { restartPolicy } : {}),
});

test('podResources: init containers at their peak, sidecars added, overhead on top', () => {
  const pod = {
    spec: {
      containers: [container('a', { cpu: '100m' }), container('b', { cpu: '200m' })],
      initContainers: [container('init', { cpu: '1' }), container('sidecar', { cpu: '50m' }, {}, 'Always')],
      overhead: { cpu: '10m' },
    },
  };
  assert.deepEqual(formatResourceList(podResources(pod, 'requests')), { cpu: '1010m' });
  const small = {
    spec: {
      containers: [container('a', { cpu: '100m' })],
      initContainers: [
        container('sidecar', { cpu: '50m' }, {}, 'Always'),
        container('late', { cpu: '120m' }),
      ],
    },
  };
  assert.deepEqual(formatResourceList(podResources(small, 'requests')), { cpu: '170m' });
});

test('pod usage and the constraints message', () => {
  const pod = {
    spec: {
      containers: [container('web', { cpu: '500m', memory: '128Mi' }, { memory: '256Mi' }), container('log')],
    },
  };
  assert.deepEqual(formatResourceList(podEvaluator.usage(pod, 0)), {
    'count/pods': '1',
    cpu: '500m',
    'limits.memory': '256Mi',
    memory: '128Mi',
    pods: '1',
    'requests.cpu': '500m',
    'requests.memory': '128Mi',
  });
  assert.equal(
    podEvaluator.constraints(['pods', 'requests.cpu', 'limits.memory'], pod),
    'must specify limits.memory for: log; requests.cpu for: log',
  );
  assert.equal(podEvaluator.constraints(['pods'], pod), undefined);
  assert.equal(podCounts({ status: { phase: 'Failed' } }, 0), false);
  assert.equal(
    podCounts(
      { metadata: { deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } },
      Date.UTC(2024, 0, 1, 0, 0, 31),
    ),
    false,
  );
  assert.equal(
    podCounts(
      { metadata: { deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } },
      Date.UTC(2024, 0, 1, 0, 0, 29),
    ),
    true,
  );
});

test('object counts and legacy names', () => {
  assert.equal(countResourceName('apps', 'deployments'), 'count/deployments.apps');
  assert.deepEqual(formatResourceList(evaluatorFor('', 'configmaps').usage({}, 0)), {
    configmaps: '1',
    'count/configmaps': '1',
  });
  assert.deepEqual(formatResourceList(evaluatorFor('apps', 'deployments').usage({}, 0)), {
    'count/deployments.apps': '1',
  });
  assert.deepEqual(evaluatorFor('', 'services').matchingResources(['services.nodeports', 'pods']), [
    'services.nodeports',
  ]);
});

test('lessThanOrEqual and prettyPrint', () => {
  const used = parseResourceList({ pods: '3', 'requests.cpu': '2' });
  const hard = parseResourceList({ pods: '2', 'requests.cpu': '4' });
  assert.deepEqual(lessThanOrEqual(used, hard), { ok: false, exceeded: ['pods'] });
  assert.equal(
    prettyPrint(parseResourceList({ pods: '1', 'requests.cpu': '500m' })),
    'pods=1,requests.cpu=500m',
  );
});
