// Builders and an in-memory StatefulPodOps for the StatefulSet unit tests.
import { controllerRef } from '../workload-common/controller-ref.ts';
import type { ControllerRevision, Pod, StatefulSet } from '../workload-common/types.ts';
import { podRevision } from './identity.ts';
import { applyRevision, newStatefulSetRevision } from './revisions.ts';
import type { StatefulPodOps, UpdateInput } from './update.ts';

export function statefulSet(o: {
  replicas: number;
  image?: string;
  policy?: 'OrderedReady' | 'Parallel';
  strategy?: 'RollingUpdate' | 'OnDelete';
  partition?: number;
  maxUnavailable?: number;
  claims?: boolean;
}): StatefulSet {
  const set: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', generation: 1 },
    spec: {
      replicas: o.replicas,
      serviceName: 'nginx',
      podManagementPolicy: o.policy ?? 'OrderedReady',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: o.image ?? 'v1' }] },
      },
      updateStrategy:
        o.strategy === 'OnDelete'
          ? { type: 'OnDelete' }
          : {
              type: 'RollingUpdate',
              rollingUpdate: {
                partition: o.partition ?? 0,
                ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}),
              },
            },
    },
  };
  if (o.claims) {
    set.spec!.volumeClaimTemplates = [
      {
        metadata: { name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ];
  }
  return set;
}

export function revisionOf(set: StatefulSet, n: number): ControllerRevision {
  return newStatefulSetRevision(
    set,
    n,
    0,
    controllerRef({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: 'default', uid: 'sts-uid' },
    }),
  );
}

/** A pod as the API would hold it after creation, in a phase. */
export function ready(pod: Pod, phase = 'Running', isReady = true): Pod {
  const p = structuredClone(pod);
  (p.metadata as { uid?: string }).uid = `uid-${p.metadata?.name}-${Math.random()}`;
  return {
    ...p,
    status: { phase, conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }] },
  } as Pod;
}

/** Records writes; keeps the pods as the API would (created pods appear Pending). */
export class FakeStatefulOps implements StatefulPodOps {
  readonly pods = new Map<string, Pod>();
  readonly log: string[] = [];

  constructor(pods: Pod[] = []) {
    for (const p of pods) this.pods.set(p.metadata!.name!, p);
  }

  async createPod(_set: StatefulSet, pod: Pod): Promise<void> {
    this.log.push(`create ${pod.metadata?.name} ${podRevision(pod)}`);
    this.pods.set(pod.metadata!.name!, ready(pod, 'Pending', false));
  }
  async deletePod(_set: StatefulSet, pod: Pod): Promise<void> {
    this.log.push(`delete ${pod.metadata?.name}`);
    this.pods.delete(pod.metadata!.name!);
  }
  async updatePod(_set: StatefulSet, pod: Pod): Promise<void> {
    this.log.push(`update ${pod.metadata?.name}`);
  }
  async createMissingClaims(): Promise<void> {}
  claimsMatchRetentionPolicy(): boolean {
    return true;
  }
  async updateClaimsForRetentionPolicy(): Promise<void> {}
  podClaimIsStale(): boolean {
    return false;
  }
  event(_set: StatefulSet, type: string, reason: string): void {
    this.log.push(`event ${type} ${reason}`);
  }

  /** Marks every pod Running and Ready (the kubelet's part). */
  runAll(): void {
    for (const [name, p] of this.pods)
      this.pods.set(name, {
        ...p,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      } as Pod);
  }
}

/** The input of one sync, with the set's template as both revisions unless an update revision is given. */
export function input(
  set: StatefulSet,
  ops: FakeStatefulOps,
  current: ControllerRevision,
  update = current,
): UpdateInput {
  return {
    set,
    currentSet: applyRevision(set, current),
    updateSet: applyRevision(set, update),
    currentRevision: current,
    updateRevision: update,
    collisionCount: 0,
    pods: [...ops.pods.values()],
    ref: controllerRef({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: 'default', uid: 'sts-uid' },
    }),
    now: Date.parse('2024-01-01T00:00:00Z'),
  };
}
