import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { ResourceStrategy } from '../strategy.ts';
import { describeStrategies, OpenAPIService } from './index.ts';
import { servedResources } from './served-resources.test-fixture.ts';

type Doc = {
  openapi?: string;
  swagger?: string;
  paths: Record<string, Record<string, any>>;
  components?: { schemas: Record<string, any> };
  definitions?: Record<string, any>;
};
const service = new OpenAPIService(servedResources, { serverVersion: 'v1.32.4-kts.1' });
const v3 = (path: string): Doc => JSON.parse(service.v3Document(path)!.json);

function refsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) refsIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else refsIn(v, out);
    }
  }
  return out;
}

test('the v3 index lists every group version with the hash of its document', () => {
  const index = JSON.parse(service.v3Index().json) as {
    paths: Record<string, { serverRelativeURL: string }>;
  };
  for (const path of [
    'api',
    'api/v1',
    'apis',
    'apis/apps',
    'apis/apps/v1',
    'apis/rbac.authorization.k8s.io/v1',
    'apis/autoscaling/v2',
    'version',
  ]) {
    const entry = index.paths[path];
    assert.ok(entry, path);
    const doc = service.v3Document(path)!;
    const hash = createHash('sha512').update(doc.json).digest('hex').toUpperCase();
    assert.equal(entry.serverRelativeURL, `/openapi/v3/${path}?hash=${hash}`);
  }
  assert.equal(service.v3Document('apis/nope/v1'), undefined);
});

test('PATCH operations declare what kubectl looks for: fieldValidation and the patch media types', () => {
  const doc = v3('apis/apps/v1');
  assert.equal(doc.openapi, '3.0.0');
  const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!;
  assert.deepEqual(Object.keys(item).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
  assert.deepEqual(
    item.parameters.map((p: any) => p.name),
    ['name', 'namespace', 'pretty'],
  );
  const patch = item.patch;
  assert.equal(patch.operationId, 'patchAppsV1NamespacedDeployment');
  assert.deepEqual(patch.tags, ['apps_v1']);
  assert.equal(patch['x-kubernetes-action'], 'patch');
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
    group: 'apps',
    kind: 'Deployment',
    version: 'v1',
  });
  assert.deepEqual(
    patch.parameters.map((p: any) => `${p.in}:${p.name}:${p.schema.type}`),
    [
      'query:dryRun:string',
      'query:fieldManager:string',
      'query:fieldValidation:string',
      'query:force:boolean',
    ],
  );
  assert.deepEqual(Object.keys(patch.requestBody.content), [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ]);
  assert.equal(
    patch.requestBody.content['application/apply-patch+yaml'].schema.$ref,
    '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  );
  assert.equal(
    patch.responses['200'].content['application/json'].schema.$ref,
    '#/components/schemas/io.k8s.api.apps.v1.Deployment',
  );
  const post = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments']!.post;
  assert.deepEqual(
    post.parameters.map((p: any) => p.name),
    ['dryRun', 'fieldManager', 'fieldValidation'],
  );
  assert.deepEqual(Object.keys(post.responses), ['200', '201', '202']);
  const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!;
  assert.equal(scale.get.operationId, 'readAppsV1NamespacedDeploymentScale');
  assert.deepEqual(scale.get['x-kubernetes-group-version-kind'], {
    group: 'autoscaling',
    kind: 'Scale',
    version: 'v1',
  });
  assert.ok(doc.components!.schemas['io.k8s.api.autoscaling.v1.Scale']);
});

test('operation IDs, actions and paths follow upstream', () => {
  const core = v3('api/v1');
  const op = (path: string, method: string) => core.paths[path]?.[method];
  assert.equal(op('/api/v1/namespaces/{namespace}/pods', 'get').operationId, 'listCoreV1NamespacedPod');
  assert.equal(op('/api/v1/namespaces/{namespace}/pods', 'get')['x-kubernetes-action'], 'list');
  assert.equal(
    op('/api/v1/namespaces/{namespace}/pods', 'delete').operationId,
    'deleteCoreV1CollectionNamespacedPod',
  );
  assert.equal(op('/api/v1/namespaces/{namespace}/pods', 'post').description, 'create a Pod');
  assert.equal(op('/api/v1/namespaces/{namespace}/endpoints', 'post').description, 'create Endpoints');
  assert.equal(op('/api/v1/pods', 'get').operationId, 'listCoreV1PodForAllNamespaces');
  assert.equal(
    op('/api/v1/watch/namespaces/{namespace}/pods', 'get').operationId,
    'watchCoreV1NamespacedPodList',
  );
  assert.equal(op('/api/v1/watch/namespaces/{namespace}/pods', 'get')['x-kubernetes-action'], 'watchlist');
  assert.equal(op('/api/v1/watch/namespaces/{namespace}/pods/{name}', 'get')['x-kubernetes-action'], 'watch');
  assert.equal(
    op('/api/v1/namespaces/{namespace}/pods/{name}/eviction', 'post').operationId,
    'createCoreV1NamespacedPodEviction',
  );
  assert.deepEqual(
    op('/api/v1/namespaces/{namespace}/pods/{name}/eviction', 'post')['x-kubernetes-group-version-kind'],
    { group: 'policy', kind: 'Eviction', version: 'v1' },
  );
  assert.equal(
    op('/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token', 'post').operationId,
    'createCoreV1NamespacedServiceAccountToken',
  );
  assert.equal(
    op('/api/v1/namespaces/{namespace}/pods/{name}/exec', 'get').operationId,
    'connectCoreV1GetNamespacedPodExec',
  );
  assert.equal(
    op('/api/v1/namespaces/{namespace}/pods/{name}/log', 'get').responses['200'].content['text/plain'].schema
      .type,
    'string',
  );
  assert.equal(
    op('/api/v1/nodes/{name}/proxy/{path}', 'put').operationId,
    'connectCoreV1PutNodeProxyWithPath',
  );
  assert.equal(op('/api/v1/namespaces/{name}/finalize', 'put').operationId, 'replaceCoreV1NamespaceFinalize');
  assert.equal(op('/api/v1/', 'get').operationId, 'getCoreV1APIResources');
  const rbac = v3('apis/rbac.authorization.k8s.io/v1');
  assert.deepEqual(rbac.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles']!.get.tags, [
    'rbacAuthorization_v1',
  ]);
  assert.equal(
    rbac.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles']!.get.operationId,
    'listRbacAuthorizationV1ClusterRole',
  );
  const authz = v3('apis/authorization.k8s.io/v1');
  assert.deepEqual(
    Object.keys(authz.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']!).sort(),
    ['parameters', 'post'],
  );
});

test('every served kind has a GVK-tagged schema in its document and every reference resolves', () => {
  for (const r of servedResources) {
    const path = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    const doc = v3(path);
    const schemas = doc.components!.schemas;
    const tagged = Object.values(schemas).some((s: any) =>
      (s['x-kubernetes-group-version-kind'] ?? []).some(
        (g: any) => g.group === r.group && g.version === r.version && g.kind === r.kind,
      ),
    );
    assert.ok(tagged, `${path} ${r.kind}`);
    for (const ref of refsIn(doc))
      assert.ok(schemas[ref.replace('#/components/schemas/', '')], `${path}: ${ref}`);
  }
});

test('v3 schemas wrap refs with siblings in allOf; special types have their v3 shapes', () => {
  const schemas = v3('apis/apps/v1').components!.schemas;
  assert.deepEqual(schemas['io.k8s.api.apps.v1.Deployment'].properties.spec.allOf, [
    { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' },
  ]);
  assert.deepEqual(schemas['io.k8s.api.apps.v1.Deployment'].properties.metadata.$ref, undefined);
  assert.deepEqual(schemas['io.k8s.api.core.v1.PodSpec'].properties.containers.items, {
    $ref: '#/components/schemas/io.k8s.api.core.v1.Container',
  });
  assert.equal(
    schemas['io.k8s.api.core.v1.PodSpec'].properties.containers['x-kubernetes-patch-merge-key'],
    'name',
  );
  assert.deepEqual(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf, [
    { type: 'integer' },
    { type: 'string' },
  ]);
});

test('the v2 document: swagger 2.0, all groups, v2 refs and types', () => {
  const doc: Doc = JSON.parse(service.v2Document().json);
  assert.equal(doc.swagger, '2.0');
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch;
  assert.deepEqual(patch.consumes, [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ]);
  assert.deepEqual(patch.parameters[0], {
    in: 'body',
    name: 'body',
    required: true,
    schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
  });
  assert.ok(patch.parameters.some((p: any) => p.name === 'fieldValidation' && p.type === 'string'));
  assert.deepEqual(patch.responses['401'], { description: 'Unauthorized' });
  assert.ok(doc.paths['/api/v1/namespaces/{namespace}/pods']);
  const defs = doc.definitions!;
  assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string');
  assert.equal(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].format, 'int-or-string');
  assert.equal(
    defs['io.k8s.api.apps.v1.Deployment'].properties.spec.$ref,
    '#/definitions/io.k8s.api.apps.v1.DeploymentSpec',
  );
  for (const ref of refsIn(doc)) assert.ok(defs[ref.replace('#/definitions/', '')], ref);
});

test('custom resources are added at runtime with their schema and list, and change the hashes', () => {
  const svc = new OpenAPIService(servedResources, { serverVersion: 'v1.32.4-kts.1' });
  const before = JSON.parse(svc.v3Index().json).paths;
  assert.equal(before['apis/stable.example.com/v1'], undefined);
  svc.setResources([
    ...servedResources,
    {
      group: 'stable.example.com',
      version: 'v1',
      kind: 'CronTab',
      resource: 'crontabs',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: { status: true, scale: true },
      schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer' } },
          },
        },
      },
    },
  ]);
  const after = JSON.parse(svc.v3Index().json).paths;
  assert.match(
    after['apis/stable.example.com/v1'].serverRelativeURL,
    /^\/openapi\/v3\/apis\/stable\.example\.com\/v1\?hash=[0-9A-F]{128}$/,
  );
  assert.ok(after['apis/stable.example.com']);
  assert.equal(after['apis/apps/v1'].serverRelativeURL, before['apis/apps/v1'].serverRelativeURL);
  const doc: Doc = JSON.parse(svc.v3Document('apis/stable.example.com/v1')!.json);
  const cr = doc.components!.schemas['com.example.stable.v1.CronTab'];
  assert.deepEqual(cr['x-kubernetes-group-version-kind'], [
    { group: 'stable.example.com', kind: 'CronTab', version: 'v1' },
  ]);
  assert.equal(
    cr.properties.metadata.allOf[0].$ref,
    '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  );
  assert.equal(cr.properties.spec.properties.cronSpec.type, 'string');
  assert.equal(
    doc.components!.schemas['com.example.stable.v1.CronTabList'].properties.items.items.$ref,
    '#/components/schemas/com.example.stable.v1.CronTab',
  );
  assert.equal(
    doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}']!.patch.operationId,
    'patchStableExampleComV1NamespacedCronTab',
  );
  assert.ok(doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/scale']);
});

test('strategies are described once per served version, with upstream extra subresources', () => {
  const strategies: ResourceStrategy[] = [
    {
      group: '',
      kind: 'Pod',
      resource: 'pods',
      singular: 'pod',
      namespaced: true,
      versions: ['v1'],
      subresources: { status: true },
    },
    {
      group: 'autoscaling',
      kind: 'HorizontalPodAutoscaler',
      resource: 'horizontalpodautoscalers',
      singular: 'horizontalpodautoscaler',
      namespaced: true,
      versions: ['v2', 'v1'],
      verbs: ['get', 'list'],
    },
  ];
  const described = describeStrategies(strategies);
  assert.deepEqual(
    described.map((d) => `${d.group}/${d.version}/${d.kind}`),
    ['/v1/Pod', 'autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling/v1/HorizontalPodAutoscaler'],
  );
  assert.equal(described[0]!.subresources?.status, true);
  assert.ok(described[0]!.subresources?.extra?.some((e) => e.name === 'eviction'));
  assert.deepEqual(described[1]!.verbs, ['get', 'list']);
  assert.equal(described[0]!.verbs.length, 8);
});
