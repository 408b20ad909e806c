// The writes of one Deployment sync (upstream's sync.go, rolling.go, recreate.go): find or
// create the new ReplicaSet with its revision, resize ReplicaSets (recording ScalingReplicaSet
// events), prune old ReplicaSets beyond revisionHistoryLimit, and write the status. The
// decisions come from the pure modules beside this one; this file only carries them out.

import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { type EventRecorder, isAlreadyExists, isNotFound, type ResourceClient } from '../../client/index.ts';
import { deepClone } from '../../machinery/json-value.ts';
import { claimOwnerOf, controllerRef } from '../workload-common/controller-ref.ts';
import { errorMessage, isNamespaceTerminating } from '../workload-common/errors.ts';
import { computeHash } from '../workload-common/hash.ts';
import { semanticEqual } from '../workload-common/semantic-equal.ts';
import type { Deployment, Pod, ReplicaSet } from '../workload-common/types.ts';
import {
  calculateStatus,
  getDeploymentCondition,
  hasProgressDeadline,
  newCondition,
  REASON,
  rolloutStatus,
  setDeploymentCondition,
  stuckRequeueAfter,
} from './progress.ts';
import {
  activeReplicaSets,
  byRevision,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  newRSNewReplicas,
  proportionalScale,
  specReplicas,
  sumStatusReplicas,
} from './replica-math.ts';
import {
  maxRevision,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  replicasAnnotationsNeedUpdate,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './revisions.ts';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling.ts';

export interface RolloutDeps {
  deployments: ResourceClient<Deployment>;
  replicaSets: ResourceClient<ReplicaSet>;
  recorder: EventRecorder;
  now(): number;
  /** The cached ReplicaSet of that name (after a create answered AlreadyExists). */
  cachedReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
}

/** Requeue hint of a sync (ms), when the progress deadline needs watching. */
export type SyncResult = number | undefined;

/** One Deployment sync. `d` is a private copy: it is updated as the sync writes. */
export class Rollout {
  readonly #deps: RolloutDeps;
  readonly d: Deployment;

  constructor(deps: RolloutDeps, d: Deployment) {
    this.#deps = deps;
    this.d = d;
  }

  get #ns(): string {
    return this.d.metadata?.namespace ?? '';
  }

  /** Writes the Deployment's status (and annotations) and keeps the new resourceVersion. */
  async writeStatus(status?: DeploymentStatus): Promise<void> {
    if (status) this.d.status = status;
    const updated = await this.#deps.deployments.namespace(this.#ns).updateStatus(this.d);
    (this.d.metadata as { resourceVersion?: string }).resourceVersion = updated.metadata?.resourceVersion;
  }

  /** `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when asked) and all the others. */
  async replicaSetsAndSyncRevision(
    rsList: ReplicaSet[],
    create: boolean,
  ): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const oldRSs = findOldReplicaSets(this.d, rsList);
    const newRS = await this.#newReplicaSet(rsList, oldRSs, create);
    return { newRS, oldRSs };
  }

  async #newReplicaSet(
    rsList: ReplicaSet[],
    oldRSs: ReplicaSet[],
    create: boolean,
  ): Promise<ReplicaSet | undefined> {
    const d = this.d;
    const existing = findNewReplicaSet(d, rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    const now = this.#deps.now();
    if (existing) {
      const copy = deepClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
      const minReadyNeedsUpdate = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      if (annotationsUpdated || minReadyNeedsUpdate) {
        copy.spec!.minReadySeconds = d.spec?.minReadySeconds ?? 0;
        return this.#deps.replicaSets.namespace(this.#ns).update(copy);
      }
      await this.#recordNewReplicaSet(
        copy.metadata?.annotations?.[REVISION_ANNOTATION] ?? '',
        hasProgressDeadline(d) && !getDeploymentCondition(d.status, 'Progressing'),
        REASON.foundNewRS,
        `Found new replica set "${copy.metadata?.name}"`,
        now,
      );
      return copy;
    }
    if (!create) return undefined;

    const template = deepClone(d.spec?.template ?? {});
    const hash = computeHash(d.spec?.template, d.status?.collisionCount);
    template.metadata ??= {};
    template.metadata.labels = { ...template.metadata.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = deepClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata?.name}-${hash}`,
        namespace: this.#ns,
        ownerReferences: [controllerRef(claimOwnerOf(d, 'apps/v1', 'Deployment'))],
        labels: template.metadata.labels,
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false, maxSurge(d));
    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.#deps.replicaSets.namespace(this.#ns).create(newRS);
    } catch (e) {
      if (isAlreadyExists(e)) {
        const rs = this.#deps.cachedReplicaSet(this.#ns, newRS.metadata!.name!);
        const ref = rs?.metadata?.ownerReferences?.find((r) => r.controller === true);
        if (rs && ref?.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
          created = rs;
          alreadyExists = true;
        } else {
          // Another ReplicaSet holds this name: bump collisionCount so the next hash differs.
          d.status ??= {};
          d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
          await this.writeStatus().catch(() => {});
          throw e;
        }
      } else if (isNamespaceTerminating(e)) {
        throw e;
      } else {
        const message = `Failed to create new replica set "${newRS.metadata?.name}": ${errorMessage(e)}`;
        if (hasProgressDeadline(d)) {
          d.status ??= {};
          setDeploymentCondition(
            d.status,
            newCondition('Progressing', 'False', REASON.failedRSCreate, message, now),
          );
          await this.writeStatus().catch(() => {});
        }
        this.#deps.recorder.event(d, 'Warning', REASON.failedRSCreate, message);
        throw e;
      }
    }
    if (!alreadyExists && replicas > 0) {
      this.#deps.recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`,
      );
    }
    await this.#recordNewReplicaSet(
      String(newRevision),
      !alreadyExists && hasProgressDeadline(d),
      REASON.newReplicaSet,
      `Created new replica set "${created.metadata?.name}"`,
      now,
    );
    return created;
  }

  /**
   * Sets the Deployment's revision and, when `progressing`, its Progressing condition (True,
   * with the reason and message); writes the status if either changed.
   */
  async #recordNewReplicaSet(
    revision: string,
    progressing: boolean,
    reason: string,
    message: string,
    now: number,
  ): Promise<void> {
    const d = this.d;
    let needsUpdate = setDeploymentRevision(d, revision);
    if (progressing) {
      d.status ??= {};
      setDeploymentCondition(d.status, newCondition('Progressing', 'True', reason, message, now));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus();
  }

  /** `scaleReplicaSet`: new size and replicas annotations; the event when the size changed. */
  async scaleReplicaSet(rs: ReplicaSet, newScale: number, operation: string): Promise<ReplicaSet> {
    const d = this.d;
    const sizeChanged = specReplicas(rs) !== newScale;
    const replicas = specReplicas(d);
    const max = replicas + maxSurge(d);
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicas, max)) return rs;
    const oldScale = specReplicas(rs);
    const copy = deepClone(rs);
    copy.spec!.replicas = newScale;
    setReplicasAnnotations(copy, replicas, max);
    const updated = await this.#deps.replicaSets.namespace(this.#ns).update(copy);
    if (sizeChanged) {
      this.#deps.recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${operation} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`,
      );
    }
    return updated;
  }

  /** `scaleReplicaSetAndRecordEvent`: resize if the size differs. */
  async scaleTo(rs: ReplicaSet, newScale: number): Promise<{ rs: ReplicaSet; scaled: boolean }> {
    if (specReplicas(rs) === newScale) return { rs, scaled: false };
    const operation = specReplicas(rs) < newScale ? 'up' : 'down';
    return { rs: await this.scaleReplicaSet(rs, newScale, operation), scaled: true };
  }

  /** `scale`: a resize while no rollout is happening, or shared out proportionally during one. */
  async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const d = this.d;
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) !== specReplicas(d))
        await this.scaleTo(activeOrLatest, specReplicas(d));
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) await this.scaleTo(old, 0);
      return;
    }
    if (isRollingUpdate(d)) {
      const { sizes, operation } = proportionalScale(d, newRS, oldRSs);
      for (const { rs, replicas } of sizes) await this.scaleReplicaSet(rs, replicas, operation);
    }
  }

  /** `sync`: scaling (or paused) — resize, prune history when paused, write the status. */
  async syncScaling(rsList: ReplicaSet[]): Promise<SyncResult> {
    const { newRS, oldRSs } = await this.replicaSetsAndSyncRevision(rsList, false);
    await this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) await this.cleanup(oldRSs);
    await this.syncStatusOnly([...oldRSs, newRS], newRS);
    return undefined;
  }

  /** `syncDeploymentStatus`: write the computed status if it differs. */
  async syncStatusOnly(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
    const status = calculateStatus(allRSs, newRS, this.d, this.#deps.now());
    if (semanticEqual(this.d.status, status)) return;
    await this.writeStatus(status);
  }

  /** `rolloutRolling`: one step of a rolling update, then the status. */
  async rolloutRolling(rsList: ReplicaSet[]): Promise<SyncResult> {
    const { newRS: created, oldRSs } = await this.replicaSetsAndSyncRevision(rsList, true);
    let newRS = created!;
    const target = reconcileNewReplicaSet(this.d, [...oldRSs, newRS], newRS);
    if (target !== undefined) {
      const r = await this.scaleTo(newRS, target);
      newRS = r.rs;
      if (r.scaled) return this.syncRolloutStatus([...oldRSs, newRS], newRS);
    }
    const steps = reconcileOldReplicaSets(this.d, [...oldRSs, newRS], activeReplicaSets(oldRSs), newRS);
    let scaledDown = false;
    const current = [...oldRSs];
    for (const step of steps) {
      const r = await this.scaleTo(step.rs, step.replicas);
      current[current.indexOf(step.rs)] = r.rs;
      scaledDown ||= r.scaled;
    }
    if (scaledDown) return this.syncRolloutStatus([...current, newRS], newRS);
    if (deploymentCompleteNow(this.d)) await this.cleanup(oldRSs);
    return this.syncRolloutStatus([...oldRSs, newRS], newRS);
  }

  /** `rolloutRecreate`: all old pods gone first, then the new ReplicaSet at full size. */
  async rolloutRecreate(rsList: ReplicaSet[], podsByReplicaSet: Map<string, Pod[]>): Promise<SyncResult> {
    let { newRS, oldRSs } = await this.replicaSetsAndSyncRevision(rsList, false);
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) scaledDown = (await this.scaleTo(rs, 0)).scaled || scaledDown;
    if (scaledDown) return this.syncRolloutStatus([...oldRSs, newRS], newRS);
    if (oldPodsRunning(newRS, oldRSs, podsByReplicaSet))
      return this.syncRolloutStatus([...oldRSs, newRS], newRS);
    if (!newRS) ({ newRS, oldRSs } = await this.replicaSetsAndSyncRevision(rsList, true));
    if (newRS) newRS = (await this.scaleTo(newRS, specReplicas(this.d))).rs;
    if (deploymentCompleteNow(this.d)) await this.cleanup(oldRSs);
    return this.syncRolloutStatus([...oldRSs, newRS], newRS);
  }

  /** `syncRolloutStatus`: the status with Progressing/Available/ReplicaFailure; a requeue hint for the deadline. */
  async syncRolloutStatus(
    allRSs: (ReplicaSet | undefined)[],
    newRS: ReplicaSet | undefined,
  ): Promise<SyncResult> {
    const now = this.#deps.now();
    const status = rolloutStatus(allRSs, newRS, this.d, now);
    if (semanticEqual(this.d.status, status)) return stuckRequeueAfter(this.d, status, now);
    await this.writeStatus(status);
    return undefined;
  }

  /** `cleanupDeployment`: delete the oldest empty ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp).sort(byRevision);
    const diff = cleanable.length - limit;
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if (
        (rs.status?.replicas ?? 0) !== 0 ||
        specReplicas(rs) !== 0 ||
        (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
        rs.metadata?.deletionTimestamp
      )
        continue;
      try {
        await this.#deps.replicaSets.namespace(this.#ns).delete(rs.metadata?.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
}

/** `DeploymentComplete` on the status the Deployment already has. */
function deploymentCompleteNow(d: Deployment): boolean {
  const s = d.status ?? {};
  const replicas = specReplicas(d);
  return (
    (s.updatedReplicas ?? 0) === replicas &&
    (s.replicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** `oldPodsRunning`: an old ReplicaSet still has replicas, or one of its pods is not finished. */
export function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podsByReplicaSet: Map<string, Pod[]>,
): boolean {
  if (sumStatusReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByReplicaSet) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
