// The ReplicaSet (and ReplicationController) controller: keeps `spec.replicas` active pods
// matching the selector. Each sync claims the pods (adopting orphans, releasing those that no
// longer match), creates the missing pods in slow-start batches or deletes the least valuable
// extra ones, then writes the status. Expectations keep it from acting again on a cache that
// has not yet seen its own creates and deletes.
import {
  isNotFound,
  objectKey,
  PODS,
  type ReconcileResult,
  type SharedInformer,
} from '../../client/index.ts';
import { type Selector, selectorFromSet } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { controllerRef } from '../workload-common/controller-ref.ts';
import { errorMessage, isNamespaceTerminating } from '../workload-common/errors.ts';
import { ControllerExpectations } from '../workload-common/expectations.ts';
import { CONTROLLER_UID_INDEX, claimableInformer } from '../workload-common/indexes.ts';
import { WorkloadOwners } from '../workload-common/owners.ts';
import { PodControl } from '../workload-common/pod-control.ts';
import { observePodExpectations } from '../workload-common/pod-expectations.ts';
import { activePodsPerNode } from '../workload-common/pod-ranking.ts';
import { isPodActive } from '../workload-common/pod-state.ts';
import { podFromTemplate } from '../workload-common/pod-template.ts';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../workload-common/slow-start.ts';
import { startWorkloadController } from '../workload-common/start.ts';
import type { Pod, PodTemplateSpec } from '../workload-common/types.ts';
import { type OwnedPodSummary, OwnedPods } from './owned-pods.ts';
import type { ReplicaKind, ReplicatedObject } from './replica-kinds.ts';
import {
  countReplicas,
  type ReplicaStatus,
  replicaAction,
  replicaStatusFromCounts,
  replicaStatusUnchanged,
} from './replicas.ts';

/** Status writes retried once with a fresh read on conflict (upstream's statusUpdateRetries). */
const STATUS_UPDATE_RETRIES = 1;

export class ReplicaSetController {
  readonly kind: ReplicaKind;
  readonly expectations: ControllerExpectations;
  readonly #ctx: ControllerContext;
  readonly #owners: WorkloadOwners<ReplicatedObject>;
  readonly #pods: SharedInformer<Pod>;
  readonly #podControl: PodControl;
  readonly #ownedPods: OwnedPods;
  /** Queue key → the uid of the owner last synced under it. */
  readonly #uids = new Map<string, string>();

  constructor(ctx: ControllerContext, kind: ReplicaKind) {
    this.#ctx = ctx;
    this.kind = kind;
    this.expectations = new ControllerExpectations(ctx.settings.now);
    this.#owners = new WorkloadOwners<ReplicatedObject>(ctx, { ...kind, indexed: true });
    this.#pods = claimableInformer<Pod>(ctx, PODS);
    this.#podControl = new PodControl(ctx.client, ctx.recorder(kind.component));
    this.#ownedPods = new OwnedPods(this.#pods);
  }

  async start(): Promise<RunningController> {
    observePodExpectations(this.#pods, this.expectations, (pod) => this.#owners.liveOwnerKey(pod, true));
    return startWorkloadController(this.#ctx, {
      name: this.kind.component,
      for: this.kind.descriptor,
      watches: [{ resource: PODS, map: (pod: Pod) => this.#owners.keysFor(pod) }],
      workers: 5,
      reconcile: (key, { signal }) => this.reconcile(key, signal),
    });
  }

  async reconcile(key: string, signal?: AbortSignal): Promise<ReconcileResult | undefined> {
    const rs = this.#owners.get(key);
    if (!rs) {
      this.expectations.delete(key);
      const uid = this.#uids.get(key);
      if (uid !== undefined) this.#ownedPods.forget(uid);
      this.#uids.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const selector = this.#owners.selector(rs);
    if (!selector) {
      console.error(`${this.kind.component}: error converting pod selector to selector for ${key}`);
      return;
    }
    const spec = rs.spec ?? {};
    const template = this.kind.template(rs);
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const summary = this.#summaryOf(key, rs, selector, template, minReadySeconds);
    // Claiming only changes something when pods are to be released or adopted; otherwise the
    // summary already holds what it would return.
    let claimed: Pod[] | undefined;
    if (
      !rs.metadata?.deletionTimestamp &&
      (summary.unmatched.size > 0 || this.#adoptableOrphan(rs, selector))
    )
      claimed = await this.#owners.claim(
        rs,
        this.#pods,
        (p) => selector.matches(p.metadata?.labels),
        this.#podControl.pods,
        { filter: isPodActive },
      );
    const active = claimed
      ? { count: claimed.length, list: () => claimed }
      : { count: summary.matching.size, list: () => [...summary.matching.values()] };
    const now = this.#ctx.settings.now();
    let manageError: unknown;
    if (needsSync && !rs.metadata?.deletionTimestamp) {
      try {
        await this.#manage(key, rs, active, now, signal);
      } catch (e) {
        manageError = e;
      }
    }
    const status = replicaStatusFromCounts(
      rs.status as ReplicaStatus | undefined,
      spec.replicas ?? 1,
      claimed ? countReplicas(claimed, template, minReadySeconds, now) : summary.counts(now),
      manageError === undefined ? undefined : errorMessage(manageError),
      now,
    );
    const updated = await this.#updateStatus(rs, status);
    if (manageError !== undefined) throw manageError;
    const minReady = spec.minReadySeconds ?? 0;
    const replicas = spec.replicas ?? 1;
    if (
      minReady > 0 &&
      (updated.status?.readyReplicas ?? 0) === replicas &&
      (updated.status?.availableReplicas ?? 0) !== replicas
    )
      return { requeueAfter: minReady * 1000 };
    return;
  }

  async #manage(
    key: string,
    rs: ReplicatedObject,
    active: { count: number; list: () => readonly Pod[] },
    now: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const action = replicaAction(rs.spec?.replicas ?? 1, active, () => this.#relatedPods(rs), now);
    if ('create' in action) {
      const diff = action.create;
      this.expectations.expectCreations(key, diff);
      const ref = controllerRef(this.#owners.claimOwner(rs));
      const template = this.kind.template(rs);
      const { successes, error } = await slowStartBatch(
        diff,
        SLOW_START_INITIAL_BATCH_SIZE,
        async () => {
          try {
            await this.#podControl.createPod(rs, podFromTemplate(template, rs.metadata?.name ?? '', ref));
          } catch (e) {
            if (!isNamespaceTerminating(e)) throw e;
          }
        },
        signal,
      );
      // Pods that were not created will never be observed: stop waiting for them.
      if (diff - successes > 0) this.expectations.lower(key, diff - successes, 0);
      if (error !== undefined) throw error;
    } else if ('delete' in action) {
      this.expectations.expectDeletions(
        key,
        action.delete.map((p) => objectKey(p)),
      );
      const results = await Promise.allSettled(
        action.delete.map(async (pod) => {
          try {
            await this.#podControl.deletePod(rs, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
          } catch (e) {
            this.expectations.deletionObserved(key, objectKey(pod));
            if (!isNotFound(e)) throw e;
          }
        }),
      );
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
  }

  /** The summary of the owner's pods (a recreated owner of the same name drops the old one's). */
  #summaryOf(
    key: string,
    rs: ReplicatedObject,
    selector: Selector,
    template: PodTemplateSpec | undefined,
    minReadySeconds: number,
  ): OwnedPodSummary {
    const uid = rs.metadata?.uid ?? '';
    const previous = this.#uids.get(key);
    if (previous !== undefined && previous !== uid) this.#ownedPods.forget(previous);
    this.#uids.set(key, uid);
    const templateLabels = template?.metadata?.labels ?? {};
    return this.#ownedPods.summary({
      uid,
      signature: JSON.stringify([rs.spec?.selector ?? null, templateLabels, minReadySeconds]),
      selector,
      templateLabels: selectorFromSet(templateLabels),
      minReadySeconds,
    });
  }

  /** Whether an orphan of the owner's namespace is one it would adopt (then it claims). */
  #adoptableOrphan(rs: ReplicatedObject, selector: Selector): boolean {
    const ns = rs.metadata?.namespace;
    for (const pod of this.#pods.indexer.byIndex(CONTROLLER_UID_INDEX, '')) {
      if (pod.metadata?.namespace !== ns || !isPodActive(pod) || pod.metadata?.deletionTimestamp) continue;
      if (selector.matches(pod.metadata?.labels)) return true;
    }
    return false;
  }

  /**
   * Active pods per node of every ReplicaSet sharing this one's controller (a Deployment): they
   * rank doubled-up nodes. Counted straight from the index (a pod has one controller, so the
   * ReplicaSets' pods are disjoint).
   */
  #relatedPods(rs: ReplicatedObject): Map<string, number> {
    const perNode = new Map<string, number>();
    const ref = rs.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (!ref) return perNode;
    for (const sibling of this.#owners.informer.indexer.byIndex(CONTROLLER_UID_INDEX, ref.uid)) {
      if (sibling.metadata?.namespace !== rs.metadata?.namespace) continue;
      activePodsPerNode(
        this.#pods.indexer.byIndex(CONTROLLER_UID_INDEX, sibling.metadata?.uid ?? ''),
        perNode,
      );
    }
    return perNode;
  }

  async #updateStatus(rs: ReplicatedObject, status: ReplicaStatus): Promise<ReplicatedObject> {
    const generation = rs.metadata?.generation;
    if (replicaStatusUnchanged(rs.status as ReplicaStatus | undefined, status, generation)) return rs;
    let current = rs;
    for (let attempt = 0; ; attempt++) {
      const next = {
        ...current,
        status: { ...status, observedGeneration: generation ?? 0 },
      } as ReplicatedObject;
      try {
        return await this.#owners.api.namespace(rs.metadata?.namespace ?? '').updateStatus(next);
      } catch (e) {
        if (attempt >= STATUS_UPDATE_RETRIES) throw e;
        current = await this.#owners.api.namespace(rs.metadata?.namespace ?? '').get(rs.metadata?.name ?? '');
      }
    }
  }
}
