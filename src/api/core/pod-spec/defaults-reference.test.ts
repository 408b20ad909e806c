// Holds the defaulters (rewritten to walk containers in place and to remember canonical
// quantities) to the results of their earlier, plainer form, kept here as the reference: the
// same values, in the same key order, on varied pods, and again on pods already defaulted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { parseJsonQuantity } from '../../internal/json-quantities.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';
import {
  DEFAULT_SCHEDULER_NAME,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  DEFAULT_VOLUME_FILE_MODE,
  defaultPod,
  defaultPodSpec,
  TERMINATION_MESSAGE_PATH_DEFAULT,
} from './defaults.ts';
import { defaultPullPolicy } from './image-reference.ts';

// ---- the reference: the defaulters as they were written first ----

function referenceResourceList(list: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(list)) {
    const q = parseJsonQuantity(value);
    if (q) list[name] = q.roundUp(-3).quantity.toString();
  }
}

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Defaults a PodSpec in place (pods and pod templates alike). */
function referencePodSpec(spec: PodSpec): void {
  const s = spec as JsonObject;
  if (!isObj(s)) return;
  s.dnsPolicy ||= 'ClusterFirst';
  s.restartPolicy ||= 'Always';
  if (!isObj(s.securityContext)) s.securityContext = {};
  s.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  s.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  for (const volume of objects(s.volumes)) refVolume(volume);
  for (const c of objects(s.initContainers)) refContainer(c);
  for (const c of objects(s.containers)) refContainer(c);
  for (const c of objects(s.ephemeralContainers)) refContainer(c);
  if (isObj(s.overhead)) referenceResourceList(s.overhead);
}

/** Defaults a Pod in place: the pod-only defaults, then the PodSpec ones. */
function referencePod(pod: Pod): void {
  const spec = (pod as JsonObject).spec;
  if (!isObj(spec)) return;
  // Requests default to limits, per resource, for regular and init containers (not ephemeral ones).
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
    const resources = c.resources;
    if (!isObj(resources) || !isObj(resources.limits)) continue;
    if (!isObj(resources.requests)) resources.requests = {};
    for (const [name, value] of Object.entries(resources.limits)) {
      if (!(name in resources.requests)) resources.requests[name] = value;
    }
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) {
    for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
      for (const port of objects(c.ports)) {
        if (!port.hostPort) port.hostPort = port.containerPort;
      }
    }
  }
  referencePodSpec(spec as PodSpec);
}

function refContainer(c: JsonObject): void {
  // A struct upstream, so always present in what it serves.
  if (!isObj(c.resources)) c.resources = {};
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  c.terminationMessagePath ||= TERMINATION_MESSAGE_PATH_DEFAULT;
  c.terminationMessagePolicy ||= 'File';
  for (const port of objects(c.ports)) port.protocol ||= 'TCP';
  for (const env of objects(c.env)) {
    if (isObj(env.valueFrom) && isObj(env.valueFrom.fieldRef)) defaultFieldRef(env.valueFrom.fieldRef);
  }
  if (isObj(c.resources)) {
    if (isObj(c.resources.limits)) referenceResourceList(c.resources.limits);
    if (isObj(c.resources.requests)) referenceResourceList(c.resources.requests);
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (isObj(probe)) defaultProbe(probe);
  }
  if (isObj(c.lifecycle)) {
    for (const handler of [c.lifecycle.postStart, c.lifecycle.preStop]) {
      if (isObj(handler) && isObj(handler.httpGet)) defaultHTTPGet(handler.httpGet);
    }
  }
}

function defaultProbe(probe: JsonObject): void {
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  if (isObj(probe.httpGet)) defaultHTTPGet(probe.httpGet);
  if (isObj(probe.grpc)) probe.grpc.service ??= '';
}

function defaultHTTPGet(action: JsonObject): void {
  action.path ||= '/';
  action.scheme ||= 'HTTP';
}

function defaultFieldRef(ref: JsonObject): void {
  ref.apiVersion ||= 'v1';
}

/** Every volume source upstream knows; a volume with none of them becomes an emptyDir. */
const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

function refVolume(v: JsonObject): void {
  if (!VOLUME_SOURCES.some((source) => v[source] !== undefined && v[source] !== null)) v.emptyDir = {};
  if (isObj(v.hostPath)) v.hostPath.type ??= '';
  if (isObj(v.secret)) v.secret.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
  if (isObj(v.configMap)) v.configMap.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
  if (isObj(v.downwardAPI)) {
    v.downwardAPI.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
    for (const item of objects(v.downwardAPI.items)) if (isObj(item.fieldRef)) defaultFieldRef(item.fieldRef);
  }
  if (isObj(v.projected)) {
    v.projected.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
    for (const source of objects(v.projected.sources)) {
      if (isObj(source.downwardAPI)) {
        for (const item of objects(source.downwardAPI.items))
          if (isObj(item.fieldRef)) defaultFieldRef(item.fieldRef);
      }
      if (isObj(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  if (isObj(v.iscsi)) v.iscsi.iscsiInterface ||= 'default';
  if (isObj(v.rbd)) {
    v.rbd.pool ||= 'rbd';
    v.rbd.user ||= 'admin';
    v.rbd.keyring ||= '/etc/ceph/keyring';
  }
  if (isObj(v.azureDisk)) {
    v.azureDisk.cachingMode ??= 'ReadWrite';
    v.azureDisk.fsType ??= 'ext4';
    v.azureDisk.readOnly ??= false;
    v.azureDisk.kind ??= 'Shared';
  }
  if (isObj(v.scaleIO)) {
    v.scaleIO.storageMode ||= 'ThinProvisioned';
    v.scaleIO.fsType ||= 'xfs';
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const spec = v.ephemeral.volumeClaimTemplate.spec;
    if (isObj(spec)) refClaimSpec(spec);
  }
}

/** PVC spec defaults, used by ephemeral volumes and StatefulSet claim templates. */
function refClaimSpec(spec: JsonObject): void {
  spec.volumeMode ??= 'Filesystem';
  if (isObj(spec.resources)) {
    if (isObj(spec.resources.limits)) referenceResourceList(spec.resources.limits);
    if (isObj(spec.resources.requests)) referenceResourceList(spec.resources.requests);
  }
}

// ---- the comparison ----

const container = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  image: `${name}:1.0`,
  ...extra,
});

const probe = (extra: JsonObject): JsonObject => ({ httpGet: { port: 8080 }, ...extra });

const pods = (): Pod[] =>
  [
    { spec: { containers: [container('plain')] } },
    {
      spec: {
        containers: [{ name: 'latest', image: 'busybox' }, { name: 'tag', image: 'b:latest' }, null, 7],
      },
    },
    {
      spec: {
        hostNetwork: true,
        containers: [
          container('net', {
            ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP', hostPort: 53 }],
          }),
        ],
        initContainers: [container('init', { ports: [{ containerPort: 9000 }] })],
      },
    },
    {
      spec: {
        containers: [
          container('res', {
            resources: {
              limits: { cpu: '0.5', memory: '1024Mi', 'nvidia.com/gpu': 1 },
              requests: { cpu: '100m' },
            },
            livenessProbe: probe({}),
            readinessProbe: { exec: { command: ['true'] }, timeoutSeconds: 0, periodSeconds: 5 },
            startupProbe: { grpc: { port: 9 }, failureThreshold: 30 },
            lifecycle: {
              postStart: { httpGet: { port: 1, path: '' } },
              preStop: { exec: { command: ['x'] } },
            },
            env: [
              { name: 'A', value: 'a' },
              { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            ],
            securityContext: { runAsUser: 1000, capabilities: { drop: ['ALL'] } },
          }),
        ],
        initContainers: [container('i', { resources: { limits: { memory: 268435456, cpu: 'bad' } } })],
        ephemeralContainers: [container('debug', { resources: { limits: { cpu: '1' } } })],
        overhead: { cpu: '0.25', memory: '120Mi' },
      },
    },
    {
      spec: {
        restartPolicy: 'Never',
        dnsPolicy: 'Default',
        schedulerName: 'mine',
        terminationGracePeriodSeconds: 0,
        securityContext: { fsGroup: 2000 },
        enableServiceLinks: false,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
            },
          },
        },
        tolerations: [{ key: 'k', operator: 'Exists' }],
        containers: [container('c')],
        volumes: [
          { name: 'none' },
          { name: 'empty', emptyDir: null },
          { name: 'host', hostPath: { path: '/x' } },
          { name: 'sec', secret: { secretName: 's' } },
          { name: 'cm', configMap: { name: 'c', defaultMode: 0o600 } },
          {
            name: 'dapi',
            downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] },
          },
          {
            name: 'proj',
            projected: {
              sources: [
                { serviceAccountToken: { path: 't' } },
                { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
              ],
            },
          },
          { name: 'iscsi', iscsi: { targetPortal: 'p', iqn: 'q', lun: 0 } },
          { name: 'rbd', rbd: { monitors: ['m'], image: 'i' } },
          { name: 'az', azureDisk: { diskName: 'd', diskURI: 'u' } },
          { name: 'sio', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' } } },
          {
            name: 'eph',
            ephemeral: {
              volumeClaimTemplate: {
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1.5Gi' } } },
              },
            },
          },
          null,
        ],
      },
    },
    { spec: { containers: 'x', initContainers: [null], volumes: [3, 'v'] } },
    { spec: null },
    {},
  ] as unknown as Pod[];

test('defaultPod gives what the reference gives, key order included, on varied pods', () => {
  for (const input of pods()) {
    const got = structuredClone(input);
    const want = structuredClone(input);
    defaultPod(got);
    referencePod(want);
    assert.equal(JSON.stringify(got), JSON.stringify(want));
    // Again on the defaulted pod (every update and status write defaults the stored pod again).
    defaultPod(got);
    referencePod(want);
    assert.equal(JSON.stringify(got), JSON.stringify(want));
  }
});

test('defaultPodSpec gives what the reference gives on varied specs', () => {
  for (const input of pods()) {
    const got = structuredClone(input.spec) as PodSpec;
    const want = structuredClone(input.spec) as PodSpec;
    defaultPodSpec(got);
    referencePodSpec(want);
    assert.equal(JSON.stringify(got), JSON.stringify(want));
  }
});

test('a defaulted pod, frozen, is defaulted again without a write', () => {
  for (const input of pods()) {
    const pod = structuredClone(input);
    defaultPod(pod);
    const frozen = deepFreeze(structuredClone(pod));
    // Strict mode: any assignment to the frozen pod would throw.
    defaultPod(frozen);
    assert.deepEqual(frozen, pod);
  }
});

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const member of Object.values(v)) deepFreeze(member);
    Object.freeze(v);
  }
  return v;
}
