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
  forEachObject(s.volumes, defaultVolume);
  forEachObject(s.initContainers, defaultContainer);
  forEachObject(s.containers, defaultContainer);
  forEachObject(s.ephemeralContainers, defaultContainer);
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
  // The containers are walked in place: this runs on every pod write, so it builds no lists.
  forEachObject(spec.containers, defaultRequestsFromLimits);
  forEachObject(spec.initContainers, defaultRequestsFromLimits);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) {
    forEachObject(spec.containers, defaultHostPorts);
    forEachObject(spec.initContainers, defaultHostPorts);
  }
  defaultPodSpec(spec as PodSpec);
}

/** Calls `visit` on each object member of `v` when it is an array (other members are skipped). */
function forEachObject(v: unknown, visit: (o: JsonObject) => void): void {
  if (!Array.isArray(v)) return;
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (isObj(item)) visit(item);
  }
}

function defaultRequestsFromLimits(c: JsonObject): void {
  const resources = c.resources;
  if (!isObj(resources) || !isObj(resources.limits)) return;
  const limits = resources.limits;
  if (!isObj(resources.requests)) resources.requests = {};
  const requests = resources.requests;
  for (const name of Object.keys(limits)) {
    if (!(name in requests)) requests[name] = limits[name];
  }
}

function defaultHostPorts(c: JsonObject): void {
  forEachObject(c.ports, defaultHostPort);
}

function defaultHostPort(port: JsonObject): void {
  if (!port.hostPort) port.hostPort = port.containerPort;
}

function defaultContainer(c: JsonObject): void {
  // A struct upstream, so always present in what it serves.
  if (!isObj(c.resources)) c.resources = {};
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  c.terminationMessagePath ||= TERMINATION_MESSAGE_PATH_DEFAULT;
  c.terminationMessagePolicy ||= 'File';
  forEachObject(c.ports, defaultPortProtocol);
  forEachObject(c.env, defaultEnvVar);
  const resources = c.resources;
  if (isObj(resources)) {
    if (isObj(resources.limits)) defaultResourceList(resources.limits);
    if (isObj(resources.requests)) defaultResourceList(resources.requests);
  }
  if (isObj(c.livenessProbe)) defaultProbe(c.livenessProbe);
  if (isObj(c.readinessProbe)) defaultProbe(c.readinessProbe);
  if (isObj(c.startupProbe)) defaultProbe(c.startupProbe);
  const lifecycle = c.lifecycle;
  if (isObj(lifecycle)) {
    if (isObj(lifecycle.postStart) && isObj(lifecycle.postStart.httpGet))
      defaultHTTPGet(lifecycle.postStart.httpGet);
    if (isObj(lifecycle.preStop) && isObj(lifecycle.preStop.httpGet))
      defaultHTTPGet(lifecycle.preStop.httpGet);
  }
}

function defaultPortProtocol(port: JsonObject): void {
  port.protocol ||= 'TCP';
}

function defaultEnvVar(env: JsonObject): void {
  if (isObj(env.valueFrom) && isObj(env.valueFrom.fieldRef)) defaultFieldRef(env.valueFrom.fieldRef);
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

function defaultItemFieldRef(item: JsonObject): void {
  if (isObj(item.fieldRef)) defaultFieldRef(item.fieldRef);
}

function defaultProjection(source: JsonObject): void {
  if (isObj(source.downwardAPI)) forEachObject(source.downwardAPI.items, defaultItemFieldRef);
  if (isObj(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
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

function hasVolumeSource(v: JsonObject): boolean {
  for (let i = 0; i < VOLUME_SOURCES.length; i++) {
    const source = v[VOLUME_SOURCES[i]!];
    if (source !== undefined && source !== null) return true;
  }
  return false;
}

function defaultVolume(v: JsonObject): void {
  if (!hasVolumeSource(v)) v.emptyDir = {};
  if (isObj(v.hostPath)) v.hostPath.type ??= '';
  if (isObj(v.secret)) v.secret.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
  if (isObj(v.configMap)) v.configMap.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
  if (isObj(v.downwardAPI)) {
    v.downwardAPI.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
    forEachObject(v.downwardAPI.items, defaultItemFieldRef);
  }
  if (isObj(v.projected)) {
    v.projected.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
    forEachObject(v.projected.sources, defaultProjection);
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
