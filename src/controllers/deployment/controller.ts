// The Deployment controller: for each Deployment, claim its ReplicaSets, then either only
// resize (paused, or a scaling event) or roll out with its strategy, and write the status.
// ReplicaSet events map to their Deployment (orphans to every Deployment selecting them);
// pod events matter only to Recreate, which waits for the old pods to be gone.

import { PODS, type ReconcileResult, type ResourceClient, type SharedInformer } from '../../client/index.ts';
import { deepClone } from '../../machinery/json-value.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { DEPLOYMENTS, REPLICA_SETS } from '../workload-common/descriptors.ts';
import { CONTROLLER_UID_INDEX, claimableInformer } from '../workload-common/indexes.ts';
import { WorkloadOwners } from '../workload-common/owners.ts';
import { startWorkloadController } from '../workload-common/start.ts';
import type { Deployment, Pod, ReplicaSet } from '../workload-common/types.ts';
import { pausedConditionStatus } from './progress.ts';
import { activeReplicaSets, isRollingUpdate } from './replica-math.ts';
import { desiredReplicasAnnotation } from './revisions.ts';
import { Rollout } from './rollout.ts';

const COMPONENT = 'deployment-controller';

export class DeploymentController {
  readonly #ctx: ControllerContext;
  readonly #deployments: WorkloadOwners<Deployment>;
  readonly #replicaSets: SharedInformer<ReplicaSet>;
  readonly #pods: SharedInformer<Pod>;
  readonly #replicaSetsApi: ResourceClient<ReplicaSet>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#deployments = new WorkloadOwners<Deployment>(ctx, {
      descriptor: DEPLOYMENTS,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
    });
    this.#replicaSets = claimableInformer<ReplicaSet>(ctx, REPLICA_SETS);
    this.#pods = claimableInformer<Pod>(ctx, PODS);
    this.#replicaSetsApi = ctx.client.resource<ReplicaSet>(REPLICA_SETS);
  }

  async start(): Promise<RunningController> {
    return startWorkloadController(this.#ctx, {
      name: COMPONENT,
      for: DEPLOYMENTS,
      watches: [
        { resource: REPLICA_SETS, map: (rs: ReplicaSet) => this.#deployments.keysFor(rs) },
        { resource: PODS, map: (pod: Pod) => this.#keysForPod(pod) },
      ],
      workers: 5,
      reconcile: (key) => this.reconcile(key),
    });
  }

  /** Pods matter to a Recreate rollout only (it waits for the old ones to be gone). */
  #keysForPod(pod: Pod): string[] {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref?.kind !== 'ReplicaSet') return [];
    const ns = pod.metadata?.namespace ?? '';
    const rs = this.#replicaSets.lister.get(ns, ref.name);
    const dref = rs?.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (dref?.kind !== 'Deployment') return [];
    const d = this.#deployments.informer.lister.get(ns, dref.name);
    if (!d || isRollingUpdate(d)) return [];
    return [`${ns}/${dref.name}`];
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const cached = this.#deployments.get(key);
    if (!cached) return;
    const d = deepClone(cached);
    const now = this.#ctx.settings.now;
    const recorder = this.#ctx.recorder(COMPONENT);
    const rollout = new Rollout(
      {
        deployments: this.#deployments.api,
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
    const selector = this.#deployments.selector(cached);
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
  #claimReplicaSets(d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
    return this.#deployments.claim(
      d,
      this.#replicaSets,
      (rs) => selector.matches(rs.metadata?.labels),
      this.#replicaSetsApi,
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
