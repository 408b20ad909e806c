// Defaulting of pod specs, as upstream's core/v1 defaulters do (SetDefaults_PodSpec, _Container,
// _Probe, _Volume and the declarative `+default` tags). Two entry points because upstream has two:
// every PodSpec (pods and the templates of workloads) gets `defaultPodSpec`; only a Pod also gets
// `defaultPod`'s extras (requests from limits, enableServiceLinks, host ports under hostNetwork),
// which upstream keeps out of templates so that defaulting a template never changes its hash.
import type { Pod, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';
import { defaultPullPolicy } from './image-reference.ts';
import { defaultResourceList } from './quantity-defaults.ts';

// Internally the defaulters walk plain JSON: objects may be partial or malformed, and validation
// reports what is wrong afterwards. Defaulting must never throw.

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObj) : []);

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
/** Default file mode of secret, configMap, downwardAPI and projected volumes: 0644. */
export const DEFAULT_VOLUME_FILE_MODE = 0o644;

/** Defaults a PodSpec in place (pods and pod templates alike). */
export function defaultPodSpec(spec: PodSpec): void {
  const s = spec as JsonObject;
  if (!isObj(s)) return;
  s.dnsPolicy ||= 'ClusterFirst';
  s.restartPolicy ||= 'Always';
  if (!isObj(s.securityContext)) s.securityContext = {};
  s.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  s.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  for (const volume of objects(s.volumes)) defaultVolume(volume);
  for (const c of objects(s.initContainers)) defaultContainer(c);
  for (const c of objects(s.containers)) defaultContainer(c);
  for (const c of objects(s.ephemeralContainers)) defaultContainer(c);
  if (isObj(s.overhead)) defaultResourceList(s.overhead);
}

/**
 * Defaults a pod template: its spec, and the `metadata: {creationTimestamp: null}` that upstream's
 * Go structs always serialise for an embedded template.
 */
export function defaultPodTemplateSpec(template: PodTemplateSpec | undefined): void {
  if (!isObj(template)) return;
  defaultEmbeddedObjectMeta(template);
  if (isObj(template.spec)) defaultPodSpec(template.spec);
}

/** An embedded ObjectMeta (templates) always carries `creationTimestamp`, null until set. */
export function defaultEmbeddedObjectMeta(holder: object): void {
  const h = holder as JsonObject;
  if (!isObj(h.metadata)) h.metadata = {};
  if (!('creationTimestamp' in h.metadata)) h.metadata.creationTimestamp = null;
}

/** Defaults a Pod in place: the pod-only defaults, then the PodSpec ones. */
export function defaultPod(pod: Pod): void {
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
  defaultPodSpec(spec as PodSpec);
}

function defaultContainer(c: JsonObject): void {
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
    if (isObj(c.resources.limits)) defaultResourceList(c.resources.limits);
    if (isObj(c.resources.requests)) defaultResourceList(c.resources.requests);
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

export const VOLUME_SOURCE_FIELDS: readonly string[] = VOLUME_SOURCES;

function defaultVolume(v: JsonObject): void {
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
    if (isObj(spec)) defaultPersistentVolumeClaimSpec(spec);
  }
}

/** PVC spec defaults, used by ephemeral volumes and StatefulSet claim templates. */
export function defaultPersistentVolumeClaimSpec(spec: JsonObject): void {
  spec.volumeMode ??= 'Filesystem';
  if (isObj(spec.resources)) {
    if (isObj(spec.resources.limits)) defaultResourceList(spec.resources.limits);
    if (isObj(spec.resources.requests)) defaultResourceList(spec.resources.requests);
  }
}
