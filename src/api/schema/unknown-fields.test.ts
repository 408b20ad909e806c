import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Definitions, Schema } from '../../machinery/schema.ts';
import { builtinDefinitions, findUnknownFields, schemaForKind } from './index.ts';

const defs = builtinDefinitions();
const deployment = schemaForKind('apps', 'v1', 'Deployment')!;

test('a valid Deployment has no unknown fields', () => {
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'c' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' }, creationTimestamp: null },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              ports: [{ containerPort: 80 }],
              resources: { limits: { cpu: '1', memory: '1Gi' } },
            },
          ],
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'cfg', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } },
          ],
        },
      },
    },
    status: {},
  };
  assert.deepEqual(findUnknownFields(obj, deployment, defs), []);
});

test('unknown fields are reported by path, in document order, through lists and inline fields', () => {
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    foo: 1,
    metadata: { name: 'web', nmae: 'x' },
    spec: {
      selector: { matchLabels: { app: 'web' }, extra: true },
      template: {
        spec: {
          containers: [
            { name: 'a', image: 'nginx' },
            { name: 'b', imagee: 'nginx', ports: [{ containerPort: 1, port: 2 }] },
          ],
          volumes: [{ name: 'v', hostPath: { path: '/x', bogus: 1 } }],
        },
      },
      bar: {},
    },
  };
  assert.deepEqual(findUnknownFields(obj, deployment, defs), [
    'foo',
    'metadata.nmae',
    'spec.selector.extra',
    'spec.template.spec.containers[1].imagee',
    'spec.template.spec.containers[1].ports[0].port',
    'spec.template.spec.volumes[0].hostPath.bogus',
    'spec.bar',
  ]);
});

test('self-marshalling types are opaque; maps accept any key; nulls are fine', () => {
  const cm = schemaForKind('', 'v1', 'ConfigMap')!;
  assert.deepEqual(
    findUnknownFields({ data: { anything: 'x' }, binaryData: null, metadata: null }, cm, defs),
    [],
  );
  const rev = schemaForKind('apps', 'v1', 'ControllerRevision')!;
  assert.deepEqual(findUnknownFields({ revision: 1, data: { whatever: { nested: 1 } } }, rev, defs), []);
  const pod = schemaForKind('', 'v1', 'Pod')!;
  assert.deepEqual(
    findUnknownFields(
      {
        metadata: { managedFields: [{ manager: 'x', fieldsV1: { 'f:spec': {} } }] },
        spec: { containers: [{ name: 'a', resources: { requests: { cpu: { odd: 1 } } } }] },
      },
      pod,
      defs,
    ),
    [],
  );
});

test('CRD bodies: JSONSchemaProps is strict, its self-marshalling parts are not', () => {
  const crd = schemaForKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')!;
  const body = {
    spec: {
      group: 'x.io',
      names: { plural: 'foos', kind: 'Foo' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
              properties: { spec: { type: 'object', tpye: 'x', items: { whatever: 1 } } },
            },
          },
        },
      ],
    },
  };
  assert.deepEqual(findUnknownFields(body, crd, defs), [
    'spec.versions[0].schema.openAPIV3Schema.properties.spec.tpye',
  ]);
});

test('structural schemas of custom resources: pruning rules', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'integer' },
          port: { 'x-kubernetes-int-or-string': true },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          empty: { type: 'object' },
          items: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
          strictEmbedded: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            properties: { spec: { type: 'object' } },
          },
        },
      },
    },
  };
  const obj = {
    apiVersion: 'x.io/v1',
    kind: 'Foo',
    metadata: { name: 'a', bogus: 1 },
    spec: {
      size: 1,
      port: 'http',
      labels: { a: 'b' },
      free: { x: { y: 1 } },
      empty: { z: 1 },
      items: [{ a: 'x', b: 'y' }],
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', nope: 1 }, spec: { anything: 1 } },
      strictEmbedded: { apiVersion: 'v1', kind: 'X', metadata: { labels: {} }, other: 1 },
    },
  };
  const defsWithMeta: Definitions = defs;
  assert.deepEqual(findUnknownFields(obj, schema, defsWithMeta, { rootIsResource: true }), [
    'metadata.bogus',
    'spec.empty.z',
    'spec.items[0].b',
    'spec.template.metadata.nope',
    'spec.strictEmbedded.other',
  ]);
  // Without the root treated as a resource, apiVersion/kind/metadata are unknown to this schema.
  assert.deepEqual(findUnknownFields({ apiVersion: 'x', spec: {} }, schema, defs), ['apiVersion']);
});

test('server-side apply paths name list-map items by key', () => {
  const obj = {
    metadata: { finalizers: ['a'], bogus: 1 },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'nginx', imagee: 'x', ports: [{ containerPort: 80, protocol: 'TCP', extra: 1 }] },
          ],
          tolerations: [{ key: 'k', what: 1 }],
        },
      },
    },
  };
  assert.deepEqual(findUnknownFields(obj, deployment, defs, { pathStyle: 'apply' }), [
    '.metadata.bogus',
    '.spec.template.spec.containers[name="nginx"].imagee',
    '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].extra',
    '.spec.template.spec.tolerations[0].what',
  ]);
});
