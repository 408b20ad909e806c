// The StatefulSet controller: claims the set's pods (by selector and name) and revisions,
// settles the current and update revisions, runs the ordered (or parallel) sync of its pods,
// writes the status and prunes revision history.
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import {
  isAlreadyExists,
  isConflict,
  PODS,
  type ReconcileResult,
  type ResourceClient,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import { labelSelectorAsSelector } from '../../machinery/label-selector.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { controllerRef } from '../workload-common/controller-ref.ts';
import {
  controllerRevisionName,
  equalRevision,
  nextRevision,
  sortRevisions,
} from '../workload-common/controller-revisions.ts';
import {
  CONTROLLER_REVISIONS,
  PERSISTENT_VOLUME_CLAIMS,
  STATEFUL_SETS,
} from '../workload-common/descriptors.ts';
import { errorMessage } from '../workload-common/errors.ts';
import { hashRevisionData } from '../workload-common/hash.ts';
import { claimableInformer } from '../workload-common/indexes.ts';
import { WorkloadOwners } from '../workload-common/owners.ts';
import { startWorkloadController } from '../workload-common/start.ts';
import type {
  ControllerRevision,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
} from '../workload-common/types.ts';
import { isMemberOf } from './identity.ts';
import { StatefulPodControl } from './pod-control.ts';
import {
  applyRevision,
  chooseUpdateRevision,
  newStatefulSetRevision,
  revisionsToPrune,
} from './revisions.ts';
import { completeRollingUpdate, statusChanged, updateStatefulSet } from './update.ts';

const COMPONENT = 'statefulset-controller';

export class StatefulSetController {
  readonly #ctx: ControllerContext;
  readonly #sets: WorkloadOwners<StatefulSet>;
  readonly #pods: SharedInformer<Pod>;
  readonly #revisions: SharedInformer<ControllerRevision>;
  readonly #claims: SharedInformer<PersistentVolumeClaim>;
  readonly #revisionsApi: ResourceClient<ControllerRevision>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#sets = new WorkloadOwners<StatefulSet>(ctx, {
      descriptor: STATEFUL_SETS,
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
    });
    this.#pods = claimableInformer<Pod>(ctx, PODS);
    this.#revisions = claimableInformer<ControllerRevision>(ctx, CONTROLLER_REVISIONS);
    this.#claims = ctx.informers.informerFor<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS);
    this.#revisionsApi = ctx.client.resource<ControllerRevision>(CONTROLLER_REVISIONS);
  }

  async start(): Promise<RunningController> {
    const byOwner = (obj: Pod | ControllerRevision) => this.#sets.keysFor(obj);
    return startWorkloadController(this.#ctx, {
      name: COMPONENT,
      for: STATEFUL_SETS,
      watches: [
        { resource: PODS, map: byOwner },
        { resource: CONTROLLER_REVISIONS, map: byOwner },
        { resource: PERSISTENT_VOLUME_CLAIMS, map: () => [] },
      ],
      workers: 5,
      reconcile: (key) => this.reconcile(key),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { namespace } = splitKey(key);
    const cached = this.#sets.get(key);
    if (!cached) return;
    const recorder = this.#ctx.recorder(COMPONENT);
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(cached.spec?.selector);
    } catch (e) {
      recorder.event(
        cached,
        'Warning',
        'InvalidSelector',
        `Error converting StatefulSet ${key} selector: ${errorMessage(e)}`,
      );
      return;
    }
    const set = structuredClone(cached);
    const revisions = await this.#sets.claim(
      set,
      this.#revisions,
      (r) => selector.matches(r.metadata?.labels),
      this.#revisionsApi,
    );
    const pods = await this.#sets.claim(
      set,
      this.#pods,
      (p) => selector.matches(p.metadata?.labels) && isMemberOf(set, p),
      this.#ctx.client.resource<Pod>(PODS),
    );
    const sorted = sortRevisions(revisions);
    const { current, update, collisionCount } = await this.#settleRevisions(set, sorted);
    const control = new StatefulPodControl(this.#ctx.client, recorder, (ns, n) =>
      this.#claims.lister.get(ns, n),
    );
    const now = this.#ctx.settings.now();
    const { status, error } = await updateStatefulSet(
      {
        set,
        currentSet: applyRevision(set, current),
        updateSet: applyRevision(set, update),
        currentRevision: current,
        updateRevision: update,
        collisionCount,
        pods,
        ref: controllerRef(this.#sets.claimOwner(set)),
        now,
      },
      control,
    );
    completeRollingUpdate(set, status);
    if (statusChanged(set, status)) await this.#writeStatus(set, status);
    for (const r of revisionsToPrune(
      sorted,
      pods,
      status.currentRevision ?? '',
      status.updateRevision ?? '',
      set.spec?.revisionHistoryLimit ?? 10,
    )) {
      await this.#revisionsApi.namespace(namespace).delete(r.metadata?.name ?? '');
    }
    if (error !== undefined) throw error;
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && (status.availableReplicas ?? 0) !== (set.spec?.replicas ?? 1))
      return { requeueAfter: minReady * 1000 };
    return;
  }

  /** `getStatefulSetRevisions`: current and update revisions, creating or renumbering as needed. */
  async #settleRevisions(
    set: StatefulSet,
    sorted: ControllerRevision[],
  ): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
    let collisionCount = set.status?.collisionCount ?? 0;
    const owner = controllerRef(this.#sets.claimOwner(set));
    const candidate = newStatefulSetRevision(set, nextRevision(sorted), collisionCount, owner);
    const choice = chooseUpdateRevision(sorted, candidate);
    const api = this.#revisionsApi.namespace(set.metadata?.namespace ?? '');
    let update: ControllerRevision;
    if (choice.kind === 'latest') update = choice.revision;
    else if (choice.kind === 'renumber')
      update = await api.update({ ...structuredClone(choice.revision), revision: choice.to });
    else {
      // `CreateControllerRevision`: on a name taken by different data, bump the collision count.
      for (;;) {
        const hash = hashRevisionData(candidate.data, collisionCount);
        const attempt = structuredClone(candidate);
        attempt.metadata!.name = controllerRevisionName(set.metadata?.name ?? '', hash);
        attempt.metadata!.labels = { ...attempt.metadata!.labels, 'controller.kubernetes.io/hash': hash };
        try {
          update = await api.create(attempt);
          break;
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          const existing = await api.get(attempt.metadata!.name!);
          if (equalRevision(existing, attempt)) {
            update = existing;
            break;
          }
          collisionCount++;
        }
      }
    }
    const current = sorted.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  async #writeStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    const api = this.#sets.api.namespace(set.metadata?.namespace ?? '');
    let current = set;
    for (let attempt = 0; ; attempt++) {
      try {
        await api.updateStatus({ ...current, status: { ...current.status, ...status } });
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
        current = await api.get(set.metadata?.name ?? '');
      }
    }
  }
}
