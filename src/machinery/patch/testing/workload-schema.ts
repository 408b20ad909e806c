// A hand-written fragment of the Deployment / Pod schemas (apps/v1, core/v1) for the patch and
// apply tests: enough fields to exercise merge keys, list types, map types and retainKeys, in
// the shape the schema helper produces (`$ref` into shared definitions).
import type { Definitions, Schema } from '../../schema.ts';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', format: 'int32' };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };

export const definitions: Definitions = {
  ObjectMeta: {
    type: 'object',
    properties: {
      name: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' },
      labels: stringMap,
      annotations: stringMap,
      finalizers: {
        type: 'array',
        items: str,
        'x-kubernetes-list-type': 'set',
        'x-kubernetes-patch-strategy': 'merge',
      },
      ownerReferences: {
        type: 'array',
        items: ref('OwnerReference'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      managedFields: {
        type: 'array',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
  OwnerReference: {
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: { apiVersion: str, kind: str, name: str, uid: str, controller: { type: 'boolean' } },
  },
  LabelSelector: {
    type: 'object',
    'x-kubernetes-map-type': 'atomic',
    properties: { matchLabels: stringMap },
  },
  Deployment: {
    type: 'object',
    properties: {
      apiVersion: str,
      kind: str,
      metadata: ref('ObjectMeta'),
      spec: ref('DeploymentSpec'),
      status: ref('DeploymentStatus'),
    },
    'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
  },
  DeploymentSpec: {
    type: 'object',
    properties: {
      replicas: int,
      paused: { type: 'boolean' },
      selector: ref('LabelSelector'),
      template: ref('PodTemplateSpec'),
      strategy: { ...ref('DeploymentStrategy'), 'x-kubernetes-patch-strategy': 'retainKeys' },
      revisionHistoryLimit: int,
    },
  },
  DeploymentStrategy: {
    type: 'object',
    properties: { type: str, rollingUpdate: ref('RollingUpdateDeployment') },
  },
  RollingUpdateDeployment: {
    type: 'object',
    properties: {
      maxSurge: { 'x-kubernetes-int-or-string': true },
      maxUnavailable: { 'x-kubernetes-int-or-string': true },
    },
  },
  DeploymentStatus: {
    type: 'object',
    properties: { replicas: int, readyReplicas: int, observedGeneration: { type: 'integer' } },
  },
  PodTemplateSpec: { type: 'object', properties: { metadata: ref('ObjectMeta'), spec: ref('PodSpec') } },
  PodSpec: {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: ref('Container'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      initContainers: {
        type: 'array',
        items: ref('Container'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      volumes: {
        type: 'array',
        items: ref('Volume'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
      },
      tolerations: { type: 'array', items: ref('Toleration'), 'x-kubernetes-list-type': 'atomic' },
      nodeSelector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
      nodeName: str,
      restartPolicy: str,
    },
  },
  Container: {
    type: 'object',
    required: ['name'],
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str, 'x-kubernetes-list-type': 'atomic' },
      env: {
        type: 'array',
        items: ref('EnvVar'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      ports: {
        type: 'array',
        items: ref('ContainerPort'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
        'x-kubernetes-patch-merge-key': 'containerPort',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resources: {
        type: 'object',
        properties: {
          limits: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } },
          requests: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } },
        },
      },
    },
  },
  EnvVar: { type: 'object', properties: { name: str, value: str } },
  ContainerPort: {
    type: 'object',
    properties: { name: str, containerPort: int, protocol: { type: 'string', default: 'TCP' } },
  },
  Toleration: { type: 'object', properties: { key: str, operator: str, value: str, effect: str } },
  Volume: {
    type: 'object',
    properties: {
      name: str,
      emptyDir: { type: 'object', properties: { medium: str } },
      configMap: { type: 'object', properties: { name: str } },
      secret: { type: 'object', properties: { secretName: str } },
    },
  },
};

export const deploymentSchema: Schema = ref('Deployment');
