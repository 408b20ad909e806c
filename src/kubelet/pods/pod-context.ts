// What the pod worker's steps share: the runtime, the event recorder, the node's settings, the
// back-off books and the per-pod facts other components keep (volumes, probe verdicts, the
// reason a container could not start). One object, built once by the kubelet.
import { join } from 'node:path';
import type { ConfigMap, Container, ObjectReference, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { EventRecorder, EventType } from '../../client/index.ts';
import type { CriClient } from '../cri/cri-client.ts';
import type { Log } from '../internal/log.ts';
import type { ClusterDNS } from '../pod/dns.ts';
import type { NodeAllocatable } from '../pod/downward-api.ts';
import type { ImagePullBackoff } from '../pod/image-pull.ts';
import type { RestartBackoff } from '../pod/restart-backoff.ts';

export interface PodSettings {
  dns: ClusterDNS;
  /** Root of pod cgroups (default /kubepods). */
  podsCgroup: string;
  /** Root of pod log directories. */
  podLogsRoot: string;
  /** Node memory capacity in bytes. */
  memoryCapacity: number;
  nodeAllocatable: NodeAllocatable;
  cpuCFSQuota?: boolean;
}

/** Where the kubelet finds ConfigMaps, Secrets and Service variables for a pod. */
export interface PodObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** Service link variables for a pod of this namespace (enableServiceLinks). */
  serviceEnv(namespace: string, enableServiceLinks: boolean): Map<string, string>;
}

export interface WaitingReason {
  reason: string;
  message: string;
}

export interface PodContext {
  cri: CriClient;
  recorder: EventRecorder;
  log: Log;
  nodeName: string;
  /** The node's IPs, primary first. */
  hostIPs(): string[];
  settings: PodSettings;
  /** The kubelet's root dir; a pod's files live under <rootDir>/pods/<uid>. */
  rootDir: string;
  runtimeName: string;
  restartBackoff: RestartBackoff;
  imageBackoff: ImagePullBackoff;
  objects: PodObjectSource;
  /** Why each container of a pod last failed to start (upstream's reason cache), by pod UID. */
  waitingReasons: Map<string, Map<string, WaitingReason>>;
}

export function podDir(ctx: Pick<PodContext, 'rootDir'>, uid: string): string {
  return join(ctx.rootDir, 'pods', uid);
}

/** The pod as an event's involved object. */
export function podReference(pod: Pod): ObjectReference {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata?.namespace,
    name: pod.metadata?.name,
    uid: pod.metadata?.uid,
  };
}

/** A container as an event's involved object (`spec.containers{name}`). */
export function containerReference(pod: Pod, container: Container): ObjectReference {
  const field = pod.spec?.initContainers?.some((c) => c.name === container.name)
    ? 'initContainers'
    : pod.spec?.ephemeralContainers?.some((c) => c.name === container.name)
      ? 'ephemeralContainers'
      : 'containers';
  return { ...podReference(pod), fieldPath: `spec.${field}{${container.name}}` };
}

export function recordPodEvent(
  ctx: PodContext,
  pod: Pod,
  type: EventType,
  reason: string,
  message: string,
  container?: Container,
): void {
  ctx.recorder.event(
    container ? containerReference(pod, container) : podReference(pod),
    type,
    reason,
    message,
  );
}

export function setWaitingReason(ctx: PodContext, uid: string, name: string, reason?: WaitingReason): void {
  let reasons = ctx.waitingReasons.get(uid);
  if (!reason) {
    reasons?.delete(name);
    return;
  }
  if (!reasons) {
    reasons = new Map();
    ctx.waitingReasons.set(uid, reasons);
  }
  reasons.set(name, reason);
}
