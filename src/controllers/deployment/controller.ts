// The Deployment controller: for each Deployment, claim its ReplicaSets, then either only
// resize (paused, or a scaling event) or roll out with its strategy, and write the status.
// ReplicaSet events map to their Deployment (orphans to every Deployment selecting them);
// pod events matter only to Recreate, which waits for the old pods to be gone.
import {
  Controller,
  objectKey,
  PODS,
  type ReconcileResult,
  type ResourceClient,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import { labelSelectorAsSelector } from '../../machinery/label-selector.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { claimObjects, recheckOwner } from '../workload-common/controller-ref.ts';
import { DEPLOYMENTS, REPLICA_SETS } from '../workload-common/descriptors.ts';
import { syncErrorReporter } from '../workload-common/errors.ts';
import {
  CONTROLLER_UID_INDEX,
  CONTROLLER_UID_INDEXERS,
  claimCandidates,
} from '../workload-common/indexes.ts';
import type { Deployment, Pod, ReplicaSet } from '../workload-common/types.ts';
import { pausedConditionStatus } from './progress.ts';
import { activeReplicaSets, isRollingUpdate } from './replica-math.ts';
import { desiredReplicasAnnotation } from './revisions.ts';
import { deploymentOwner, Rollout } from './rollout.ts';

const COMPONENT = 'deployment-controller';

export class DeploymentController {
  readonly #ctx: ControllerContext;
  readonly #deployments: SharedInformer<Deployment>;
  readonly #replicaSets: SharedInformer<ReplicaSet>;
  readonly #pods: SharedInformer<Pod>;
  readonly #deploymentsApi: ResourceClient<Deployment>;
  readonly #replicaSetsApi: ResourceClient<ReplicaSet>;
  readonly #selectors = new WeakMap<object, Selector | null>();

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#deployments = ctx.informers.informerFor<Deployment>(DEPLOYMENTS);
    this.#replicaSets = ctx.informers.informerFor<ReplicaSet>(REPLICA_SETS, {
      indexers: CONTROLLER_UID_INDEXERS,
    });
    this.#pods = ctx.informers.informerFor<Pod>(PODS, { indexers: CONTROLLER_UID_INDEXERS });
    this.#deploymentsApi = ctx.client.resource<Deployment>(DEPLOYMENTS);
    this.#replicaSetsApi = ctx.client.resource<ReplicaSet>(REPLICA_SETS);
  }

  async start(): Promise<RunningController> {
    const controller = new Controller(this.#ctx.informers, {
      name: COMPONENT,
      for: DEPLOYMENTS,
      watches: [
        { resource: REPLICA_SETS, map: (rs: ReplicaSet) => this.#keysForReplicaSet(rs) },
        { resource: PODS, map: (pod: Pod) => this.#keysForPod(pod) },
      ],
      workers: 5,
      reconcile: (key) => this.reconcile(key),
      onError: syncErrorReporter(COMPONENT),
    });
    await controller.start();
    return { stop: () => controller.stop() };
  }

  #selector(d: Deployment): Selector | null {
    let s = this.#selectors.get(d);
    if (s === undefined) {
      try {
        s = labelSelectorAsSelector(d.spec?.selector);
      } catch {
        s = null;
      }
      this.#selectors.set(d, s);
    }
    return s;
  }

  #keysForReplicaSet(rs: ReplicaSet): string[] {
    const ns = rs.metadata?.namespace ?? '';
    const ref = rs.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref) return ref.kind === 'Deployment' ? [`${ns}/${ref.name}`] : [];
    return this.#deployments.lister
      .namespace(ns)
      .list()
      .filter((d) => {
        const s = this.#selector(d);
        return s !== null && !s.empty() && s.matches(rs.metadata?.labels);
      })
      .map((d) => objectKey(d));
  }

  /** Pods matter to a Recreate rollout only (it waits for the old ones to be gone). */
  #keysForPod(pod: Pod): string[] {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref?.kind !== 'ReplicaSet') return [];
    const ns = pod.metadata?.namespace ?? '';
    const rs = this.#replicaSets.lister.get(ns, ref.name);
    const dref = rs?.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (dref?.kind !== 'Deployment') return [];
    const d = this.#deployments.lister.get(ns, dref.name);
    if (!d || isRollingUpdate(d)) return [];
    return [`${ns}/${dref.name}`];
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { namespace, name } = splitKey(key);
    const cached = this.#deployments.lister.get(namespace, name);
    if (!cached) return;
    const d = structuredClone(cached);
    const now = this.#ctx.settings.now;
    const recorder = this.#ctx.recorder(COMPONENT);
    const rollout = new Rollout(
      {
        deployments: this.#deploymentsApi,
        replicaSets: this.#replicaSetsApi,
        recorder,
        now,
        cachedReplicaSet: (ns, n) => this.#replicaSets.lister.get(ns, n),
      },
      d,
    );
    const sel = d.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      recorder.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        await rollout.writeStatus({ ...d.status, observedGeneration: d.metadata?.generation ?? 0 });
      }
      return;
    }
    const selector = this.#selector(cached);
    if (!selector) return;
    const rsList = await this.#claimReplicaSets(d, selector);
    if (d.metadata?.deletionTimestamp) {
      const { newRS, oldRSs } = await rollout.replicaSetsAndSyncRevision(rsList, false);
      await rollout.syncStatusOnly([...oldRSs, newRS], newRS);
      return;
    }
    const pausedStatus = pausedConditionStatus(d, now());
    if (pausedStatus) {
      // The status write brings the Deployment back with its new condition.
      await rollout.writeStatus(pausedStatus);
      return;
    }
    let requeue: number | undefined;
    if (d.spec?.paused || this.#isScalingEvent(d, rsList)) {
      requeue = await rollout.syncScaling(rsList);
    } else if (d.spec?.strategy?.type === 'Recreate') {
      requeue = await rollout.rolloutRecreate(rsList, this.#podsByReplicaSet(rsList));
    } else {
      requeue = await rollout.rolloutRolling(rsList);
    }
    return requeue !== undefined ? { requeueAfter: Math.max(requeue, 1) } : undefined;
  }

  /** `getReplicaSetsForDeployment`: adopt matching orphans, release ReplicaSets that stopped matching. */
  async #claimReplicaSets(d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
    const owner = deploymentOwner(d);
    const ns = owner.metadata.namespace;
    const candidates = claimCandidates<ReplicaSet>(
      (index, value) => this.#replicaSets.indexer.byIndex(index, value),
      owner.metadata.uid,
      ns,
    );
    return claimObjects(
      owner,
      candidates,
      (rs) => selector.matches(rs.metadata?.labels),
      this.#replicaSetsApi,
      {
        canAdopt: () => recheckOwner(this.#deploymentsApi.namespace(ns), owner),
      },
    );
  }

  /** `isScalingEvent`: an active ReplicaSet was sized for another replica count. */
  #isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    for (const rs of activeReplicaSets(rsList)) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired === undefined) continue;
      if (desired !== (d.spec?.replicas ?? 1)) return true;
    }
    return false;
  }

  /** Pods of each ReplicaSet (by uid), for Recreate. */
  #podsByReplicaSet(rsList: ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>();
    for (const rs of rsList) {
      const uid = rs.metadata?.uid ?? '';
      map.set(uid, this.#pods.indexer.byIndex(CONTROLLER_UID_INDEX, uid));
    }
    return map;
  }
}
