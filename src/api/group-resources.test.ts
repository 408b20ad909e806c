// What `kubectl api-resources` shows for the kinds of src/api's non-workload groups: names,
// short names, scope, kind, categories and subresources, as a v1.32 cluster lists them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinResources } from './resources.ts';
import { ALL_VERBS, groupVersion } from './strategy.ts';

// resource, shortNames, apiVersion (preferred), namespaced, kind, categories, status subresource
const EXPECTED: [string, string, string, boolean, string, string, boolean][] = [
  ['endpoints', 'ep', 'v1', true, 'Endpoints', '', false],
  ['events', 'ev', 'v1', true, 'Event', '', false],
  ['limitranges', 'limits', 'v1', true, 'LimitRange', '', false],
  ['namespaces', 'ns', 'v1', false, 'Namespace', '', true],
  ['nodes', 'no', 'v1', false, 'Node', '', true],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim', '', true],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume', '', true],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota', '', true],
  ['secrets', '', 'v1', true, 'Secret', '', false],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount', '', false],
  ['services', 'svc', 'v1', true, 'Service', 'all', true],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap', '', false],
  [
    'customresourcedefinitions',
    'crd,crds',
    'apiextensions.k8s.io/v1',
    false,
    'CustomResourceDefinition',
    'api-extensions',
    true,
  ],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler', 'all', true],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease', '', false],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice', '', false],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event', '', false],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass', '', false],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress', '', true],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy', '', false],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget', '', true],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding', '', false],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole', '', false],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding', '', false],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role', '', false],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass', '', false],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass', '', false],
];

test('api-resources of the non-workload groups', () => {
  for (const [resource, shortNames, apiVersion, namespaced, kind, categories, status] of EXPECTED) {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    const s = builtinResources.find((r) => r.group === group && r.resource === resource);
    assert.ok(s, `${resource}.${group} is registered`);
    assert.equal(groupVersion(s.group, s.versions[0]!), apiVersion, resource);
    assert.equal((s.shortNames ?? []).join(','), shortNames, resource);
    assert.equal(s.namespaced, namespaced, resource);
    assert.equal(s.kind, kind, resource);
    assert.equal((s.categories ?? []).join(','), categories, resource);
    assert.equal(!!s.subresources?.status, status, resource);
  }
});

test('resources are unique per group; namespaces cannot be deleted by collection', () => {
  const seen = new Set<string>();
  for (const s of builtinResources) {
    const k = `${s.group}/${s.resource}`;
    assert.ok(!seen.has(k), `duplicate ${k}`);
    seen.add(k);
  }
  const ns = builtinResources.find((r) => r.group === '' && r.resource === 'namespaces')!;
  assert.deepEqual(
    ALL_VERBS.filter((v) => !(ns.verbs ?? ALL_VERBS).includes(v)),
    ['deletecollection'],
  );
  const hpa = builtinResources.find((r) => r.resource === 'horizontalpodautoscalers')!;
  assert.deepEqual(hpa.versions, ['v2', 'v1']);
  const events = builtinResources.filter((r) => r.resource === 'events');
  assert.deepEqual(
    events.map((e) => [e.group, e.ttlSeconds, e.storageResource]),
    [
      ['', 3600, undefined],
      ['events.k8s.io', 3600, 'events'],
    ],
  );
});
