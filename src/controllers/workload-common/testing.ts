// Small builders of API objects for the controllers' unit tests (no server involved).
import type { Pod, ReplicaSet } from './types.ts';

export const T0 = Date.parse('2024-01-01T00:00:00Z');

/** An ISO timestamp `s` seconds after T0. */
export const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');

export interface PodOptions {
  name: string;
  namespace?: string;
  uid?: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  /** Seconds after T0 the pod became ready. */
  readySince?: number;
  /** Seconds after T0 the pod was created. */
  created?: number;
  restarts?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: { kind: string; name: string; uid: string; apiVersion?: string };
  deleting?: boolean;
}

export function pod(o: PodOptions): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${o.name}`,
      labels: o.labels ?? { app: 'web' },
      creationTimestamp: at(o.created ?? 0),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: o.phase ?? 'Running' },
  };
  if (o.annotations) p.metadata!.annotations = o.annotations;
  if (o.node) p.spec!.nodeName = o.node;
  if (o.ready)
    p.status!.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: at(o.readySince ?? 0) }];
  if (o.restarts !== undefined)
    p.status!.containerStatuses = [
      { name: 'c', image: 'nginx', imageID: '', ready: !!o.ready, restartCount: o.restarts },
    ];
  if (o.owner)
    p.metadata!.ownerReferences = [
      {
        apiVersion: o.owner.apiVersion ?? 'apps/v1',
        kind: o.owner.kind,
        name: o.owner.name,
        uid: o.owner.uid,
        controller: true,
      },
    ];
  if (o.deleting) (p.metadata as { deletionTimestamp?: string }).deletionTimestamp = at(1000);
  return p;
}

export interface ReplicaSetOptions {
  name: string;
  replicas: number;
  available?: number;
  ready?: number;
  statusReplicas?: number;
  created?: number;
  revision?: number;
  image?: string;
  annotations?: Record<string, string>;
}

export function replicaSet(o: ReplicaSetOptions): ReplicaSet {
  const annotations: Record<string, string> = { ...o.annotations };
  if (o.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = String(o.revision);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: o.name,
      namespace: 'default',
      uid: `uid-${o.name}`,
      creationTimestamp: at(o.created ?? 0),
      annotations,
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': o.name } },
        spec: { containers: [{ name: 'c', image: o.image ?? o.name }] },
      },
    },
    status: {
      replicas: o.statusReplicas ?? o.replicas,
      readyReplicas: o.ready ?? o.available ?? o.replicas,
      availableReplicas: o.available ?? o.replicas,
    },
  };
}
