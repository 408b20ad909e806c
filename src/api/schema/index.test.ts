import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Schema } from '../../machinery/schema.ts';
import { BYTE_FIELDS, DOUBLE_FIELDS, INT64_FIELDS } from './facts/formats.ts';
import { ATOMIC_STRUCTS, LIST_FACTS } from './facts/lists.ts';
import { DEFAULT_VALUES, ENUM_VALUES } from './facts/values.ts';
import {
  builtinDefinitions,
  definitionNameForKind,
  loadBuiltinDefinitions,
  REF_PREFIX,
  schemaForKind,
} from './index.ts';

const defs = builtinDefinitions();
const prop = (definition: string, field: string): Schema => {
  const schema = defs[definition]?.properties?.[field];
  assert.ok(schema, `${definition}.${field} exists`);
  return schema;
};
const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

test('top-level kinds carry their group/version/kind and upstream definition names', () => {
  const deployment = schemaForKind('apps', 'v1', 'Deployment');
  assert.deepEqual(deployment?.['x-kubernetes-group-version-kind'], [
    { group: 'apps', kind: 'Deployment', version: 'v1' },
  ]);
  assert.deepEqual(deployment?.properties?.metadata, {
    $ref: `${REF_PREFIX}${meta}ObjectMeta`,
    description: deployment?.properties?.metadata?.description,
  });
  assert.equal(definitionNameForKind('', 'v1', 'Pod'), `${core}Pod`);
  assert.equal(
    definitionNameForKind('rbac.authorization.k8s.io', 'v1', 'ClusterRole'),
    'io.k8s.api.rbac.v1.ClusterRole',
  );
  assert.equal(definitionNameForKind('apps', 'v1', 'DeleteOptions'), `${meta}DeleteOptions`);
  assert.equal(definitionNameForKind('', 'v1', 'Status'), `${meta}Status`);
  assert.equal(
    definitionNameForKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'),
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  );
  assert.equal(schemaForKind('apps', 'v1', 'NoSuchKind'), undefined);
});

test('every kind the API server serves has a schema', () => {
  const served: [string, string, string[]][] = [
    [
      '',
      'v1',
      [
        'Pod',
        'Service',
        'Endpoints',
        'Node',
        'Namespace',
        'ConfigMap',
        'Secret',
        'ServiceAccount',
        'Event',
        'ReplicationController',
        'PersistentVolume',
        'PersistentVolumeClaim',
        'ResourceQuota',
        'LimitRange',
        'PodTemplate',
        'Binding',
      ],
    ],
    ['apps', 'v1', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision']],
    ['batch', 'v1', ['Job', 'CronJob']],
    ['autoscaling', 'v1', ['HorizontalPodAutoscaler', 'Scale']],
    ['autoscaling', 'v2', ['HorizontalPodAutoscaler']],
    ['policy', 'v1', ['PodDisruptionBudget', 'Eviction']],
    ['networking.k8s.io', 'v1', ['Ingress', 'IngressClass', 'NetworkPolicy']],
    ['discovery.k8s.io', 'v1', ['EndpointSlice']],
    ['coordination.k8s.io', 'v1', ['Lease']],
    ['rbac.authorization.k8s.io', 'v1', ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']],
    ['storage.k8s.io', 'v1', ['StorageClass']],
    ['scheduling.k8s.io', 'v1', ['PriorityClass']],
    ['events.k8s.io', 'v1', ['Event']],
    ['apiextensions.k8s.io', 'v1', ['CustomResourceDefinition']],
    ['authentication.k8s.io', 'v1', ['TokenRequest', 'TokenReview', 'SelfSubjectReview']],
    [
      'authorization.k8s.io',
      'v1',
      [
        'SelfSubjectAccessReview',
        'SubjectAccessReview',
        'LocalSubjectAccessReview',
        'SelfSubjectRulesReview',
      ],
    ],
  ];
  for (const [group, version, kinds] of served) {
    for (const kind of kinds) {
      const schema = schemaForKind(group, version, kind);
      assert.ok(schema?.properties, `${group}/${version} ${kind}`);
      assert.ok(
        schemaForKind(group, version, `${kind}List`) ||
          ['Binding', 'Scale', 'Eviction'].includes(kind) ||
          /Review|Request/.test(kind),
        `${kind}List`,
      );
    }
  }
});

test('integers are int32 unless upstream declares int64; floats are doubles', () => {
  assert.deepEqual(prop('io.k8s.api.apps.v1.DeploymentSpec', 'replicas').format, 'int32');
  assert.equal(prop(`${core}PodSpec`, 'terminationGracePeriodSeconds').format, 'int64');
  assert.equal(prop(`${meta}ObjectMeta`, 'generation').format, 'int64');
  assert.equal(prop(`${core}PodSecurityContext`, 'supplementalGroups').items?.format, 'int64');
  assert.deepEqual(
    {
      type: prop('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'maximum').type,
      format: prop('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'maximum')
        .format,
    },
    { type: 'number', format: 'double' },
  );
  assert.deepEqual(prop(`${core}Secret`, 'data').additionalProperties, { type: 'string', format: 'byte' });
});

test('special types have upstream shapes', () => {
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.oneOf, [
    { type: 'integer' },
    { type: 'string' },
  ]);
  assert.equal(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.format, 'int-or-string');
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']?.oneOf, [
    { type: 'string' },
    { type: 'number' },
  ]);
  assert.equal(defs[`${meta}Time`]?.format, 'date-time');
  assert.equal(defs[`${meta}MicroTime`]?.type, 'string');
  assert.equal(defs['io.k8s.apimachinery.pkg.runtime.RawExtension']?.type, 'object');
  assert.equal(
    prop('io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge').$ref,
    `${REF_PREFIX}io.k8s.apimachinery.pkg.util.intstr.IntOrString`,
  );
  assert.equal(
    (prop(`${core}ResourceRequirements`, 'limits').additionalProperties as Schema).$ref,
    `${REF_PREFIX}io.k8s.apimachinery.pkg.api.resource.Quantity`,
  );
  assert.equal(prop(`${meta}ObjectMeta`, 'creationTimestamp').$ref, `${REF_PREFIX}${meta}Time`);
});

test('patch and apply facts: merge keys, list types, atomic structs', () => {
  const facts = (s: Schema) => ({
    strategy: s['x-kubernetes-patch-strategy'],
    key: s['x-kubernetes-patch-merge-key'],
    list: s['x-kubernetes-list-type'],
    keys: s['x-kubernetes-list-map-keys'],
  });
  assert.deepEqual(facts(prop(`${core}PodSpec`, 'containers')), {
    strategy: 'merge',
    key: 'name',
    list: 'map',
    keys: ['name'],
  });
  assert.deepEqual(facts(prop(`${core}PodSpec`, 'volumes')), {
    strategy: 'merge,retainKeys',
    key: 'name',
    list: 'map',
    keys: ['name'],
  });
  assert.deepEqual(facts(prop(`${core}Container`, 'ports')), {
    strategy: 'merge',
    key: 'containerPort',
    list: 'map',
    keys: ['containerPort', 'protocol'],
  });
  assert.deepEqual(facts(prop(`${core}Container`, 'env')), {
    strategy: 'merge',
    key: 'name',
    list: 'map',
    keys: ['name'],
  });
  assert.deepEqual(facts(prop(`${core}Container`, 'volumeMounts')), {
    strategy: 'merge',
    key: 'mountPath',
    list: 'map',
    keys: ['mountPath'],
  });
  assert.deepEqual(facts(prop(`${meta}ObjectMeta`, 'finalizers')), {
    strategy: 'merge',
    key: undefined,
    list: 'set',
    keys: undefined,
  });
  assert.deepEqual(facts(prop(`${meta}ObjectMeta`, 'ownerReferences')), {
    strategy: 'merge',
    key: 'uid',
    list: 'map',
    keys: ['uid'],
  });
  assert.deepEqual(facts(prop(`${core}PodStatus`, 'conditions')), {
    strategy: 'merge',
    key: 'type',
    list: 'map',
    keys: ['type'],
  });
  assert.deepEqual(facts(prop(`${core}ServiceSpec`, 'ports')), {
    strategy: 'merge',
    key: 'port',
    list: 'map',
    keys: ['port', 'protocol'],
  });
  assert.deepEqual(facts(prop(`${core}PodSpec`, 'tolerations')), {
    strategy: undefined,
    key: undefined,
    list: 'atomic',
    keys: undefined,
  });
  assert.equal(
    prop('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')['x-kubernetes-patch-strategy'],
    'retainKeys',
  );
  assert.equal(prop(`${core}PodSpec`, 'nodeSelector')['x-kubernetes-map-type'], 'atomic');
  assert.equal(defs[`${meta}LabelSelector`]?.['x-kubernetes-map-type'], 'atomic');
  assert.equal(defs[`${core}LocalObjectReference`]?.['x-kubernetes-map-type'], 'atomic');
});

test('required fields, enums, defaults and descriptions come through', () => {
  assert.deepEqual(defs[`${core}Container`]?.required, ['name']);
  assert.deepEqual(defs[`${core}ContainerPort`]?.required, ['containerPort']);
  assert.deepEqual(prop(`${core}Container`, 'imagePullPolicy').enum, ['Always', 'IfNotPresent', 'Never']);
  assert.equal(prop(`${core}ServicePort`, 'protocol').default, 'TCP');
  assert.match(
    defs['io.k8s.api.apps.v1.Deployment']?.description ?? '',
    /Deployment enables declarative updates/,
  );
  // Multi-paragraph descriptions keep their blank lines.
  assert.match(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']?.description ?? '', /\n\n/);
});

test('1.31/1.32 fields missing from kubernetes-types are added, removed ones dropped', () => {
  assert.equal(prop(`${core}Volume`, 'image').$ref, `${REF_PREFIX}${core}ImageVolumeSource`);
  assert.equal(prop(`${core}PodSpec`, 'resources').$ref, `${REF_PREFIX}${core}ResourceRequirements`);
  assert.equal(prop('io.k8s.api.coordination.v1.LeaseSpec', 'strategy').type, 'string');
  assert.deepEqual(defs['io.k8s.api.authorization.v1.ResourceRule']?.required, ['verbs']);
  assert.equal(
    prop(
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'x-kubernetes-preserve-unknown-fields',
    ).type,
    'boolean',
  );
  assert.equal(defs[`${core}PodResourceClaim`]?.properties?.source, undefined);
  assert.equal(defs[`${core}ClaimSource`], undefined);
  assert.equal(prop(`${core}LinuxContainerUser`, 'uid').format, 'int64');
});

test('every reference resolves and every fact names a real field', () => {
  const dangling: string[] = [];
  const visit = (s: unknown): void => {
    if (Array.isArray(s)) s.forEach(visit);
    else if (s && typeof s === 'object') {
      for (const [k, v] of Object.entries(s)) {
        if (k === '$ref' && typeof v === 'string' && !defs[v.slice(REF_PREFIX.length)]) dangling.push(v);
        visit(v);
      }
    }
  };
  visit(defs);
  assert.deepEqual(dangling, []);
  const missing: string[] = [];
  const check = (table: Record<string, readonly string[] | Readonly<Record<string, unknown>>>) => {
    for (const [definition, fields] of Object.entries(table)) {
      for (const field of Array.isArray(fields) ? fields : Object.keys(fields)) {
        if (!defs[definition]?.properties?.[field]) missing.push(`${definition}.${field}`);
      }
    }
  };
  [INT64_FIELDS, DOUBLE_FIELDS, BYTE_FIELDS, LIST_FACTS, ENUM_VALUES, DEFAULT_VALUES].forEach(check);
  for (const definition of ATOMIC_STRUCTS) if (!defs[definition]) missing.push(definition);
  assert.deepEqual(missing, []);
});

test('derived definitions are cached on disk and read back identically', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-schema-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = loadBuiltinDefinitions({ cacheDir: dir });
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.json')).length, 1);
  const second = loadBuiltinDefinitions({ cacheDir: dir });
  assert.deepEqual(second, first);
  assert.deepEqual(loadBuiltinDefinitions({ noCache: true }), first);
});
