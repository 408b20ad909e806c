// The DaemonSet controller: one pod per eligible node. Each sync settles the revision history,
// then (once its own earlier creates and deletes have been seen) creates pods for nodes that
// lack one and deletes pods that should not be there, rolls old pods per the update strategy,
// prunes history and writes the status. Node changes re-sync every DaemonSet.
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import {
  isAlreadyExists,
  isNotFound,
  NODES,
  objectKey,
  PODS,
  type ReconcileResult,
  type ResourceClient,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { controllerRef } from '../workload-common/controller-ref.ts';
import { POD_REVISION_LABEL } from '../workload-common/controller-revisions.ts';
import { CONTROLLER_REVISIONS, DAEMON_SETS } from '../workload-common/descriptors.ts';
import { isNamespaceTerminating } from '../workload-common/errors.ts';
import { ControllerExpectations } from '../workload-common/expectations.ts';
import { claimableInformer } from '../workload-common/indexes.ts';
import { WorkloadOwners } from '../workload-common/owners.ts';
import { PodControl } from '../workload-common/pod-control.ts';
import { observePodExpectations } from '../workload-common/pod-expectations.ts';
import { isPodAvailable, isPodReady, isPodTerminal } from '../workload-common/pod-state.ts';
import { podFromTemplate } from '../workload-common/pod-template.ts';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../workload-common/slow-start.ts';
import { workloadController } from '../workload-common/start.ts';
import type { ControllerRevision, DaemonSet, Node, Pod } from '../workload-common/types.ts';
import { daemonSetRevision, maxRevisionNumber, revisionMatches, revisionsToPrune } from './history.ts';
import { daemonStatusCounts, FailedPodBackoff, planNodes } from './placement.ts';
import { daemonPodTemplate, pinToNode, targetNodeName } from './pod-template.ts';
import { rollingUpdatePlan } from './rolling-update.ts';

const COMPONENT = 'daemonset-controller';
/** Pods created or deleted per sync at most (upstream's BurstReplicas for DaemonSets). */
const BURST_REPLICAS = 250;

/** Whether a node change can matter to a DaemonSet (labels, taints, schedulability, condition statuses). */
export function nodeChangeMatters(old: Node, cur: Node): boolean {
  const conditions = (n: Node) => JSON.stringify((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  return (
    JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {}) ||
    JSON.stringify(old.spec?.taints ?? []) !== JSON.stringify(cur.spec?.taints ?? []) ||
    (old.spec?.unschedulable ?? false) !== (cur.spec?.unschedulable ?? false) ||
    conditions(old) !== conditions(cur)
  );
}

export class DaemonSetController {
  readonly expectations: ControllerExpectations;
  readonly #ctx: ControllerContext;
  readonly #sets: WorkloadOwners<DaemonSet>;
  readonly #pods: SharedInformer<Pod>;
  readonly #nodes: SharedInformer<Node>;
  readonly #revisions: SharedInformer<ControllerRevision>;
  readonly #revisionsApi: ResourceClient<ControllerRevision>;
  readonly #podControl: PodControl;
  readonly #backoff = new FailedPodBackoff();

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.expectations = new ControllerExpectations(ctx.settings.now);
    this.#sets = new WorkloadOwners<DaemonSet>(ctx, {
      descriptor: DAEMON_SETS,
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
    });
    this.#pods = claimableInformer<Pod>(ctx, PODS);
    this.#nodes = ctx.informers.informerFor<Node>(NODES);
    this.#revisions = claimableInformer<ControllerRevision>(ctx, CONTROLLER_REVISIONS);
    this.#revisionsApi = ctx.client.resource<ControllerRevision>(CONTROLLER_REVISIONS);
    this.#podControl = new PodControl(ctx.client, ctx.recorder(COMPONENT));
  }

  async start(): Promise<RunningController> {
    observePodExpectations(this.#pods, this.expectations, (pod) => this.#sets.liveOwnerKey(pod));
    const byOwner = (obj: Pod | ControllerRevision) => this.#sets.keysFor(obj);
    const controller = workloadController(this.#ctx, {
      name: COMPONENT,
      for: DAEMON_SETS,
      watches: [
        { resource: PODS, map: byOwner },
        { resource: CONTROLLER_REVISIONS, map: byOwner },
        { resource: NODES, map: () => [] },
      ],
      workers: 2,
      reconcile: (key) => this.reconcile(key),
    });
    const all = () => {
      for (const ds of this.#sets.informer.lister.list()) controller.queue.add(objectKey(ds));
    };
    this.#nodes.addEventHandler({
      onAdd: all,
      onDelete: all,
      onUpdate: (old, cur) => {
        if (nodeChangeMatters(old, cur)) all();
      },
    });
    await controller.start();
    const gc = setInterval(() => this.#backoff.gc(this.#ctx.settings.now()), 60_000);
    gc.unref();
    return {
      stop: async () => {
        clearInterval(gc);
        await controller.stop();
      },
    };
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { namespace } = splitKey(key);
    const cached = this.#sets.get(key);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const ds = structuredClone(cached);
    const sel = ds.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.#ctx
        .recorder(COMPONENT)
        .event(
          ds,
          'Warning',
          'SelectingAll',
          'This daemon set is selecting all pods. A non-empty selector is required.',
        );
      return;
    }
    const selector = this.#sets.selector(cached);
    if (!selector || ds.metadata?.deletionTimestamp) return;
    const nodes = this.#nodes.lister.list();
    const { cur, old } = await this.#constructHistory(ds, selector);
    const hash = cur.metadata?.labels?.[POD_REVISION_LABEL] ?? '';
    const pods = await this.#claimPods(ds, selector);
    if (!this.expectations.satisfied(key)) {
      await this.#updateStatus(ds, nodes, pods, hash, false);
      return;
    }
    const now = this.#ctx.settings.now();
    const plan = planNodes(ds, nodes, nodeToPods(pods), hash, this.#backoff, now);
    for (const f of plan.failed) {
      this.#ctx
        .recorder(COMPONENT)
        .event(
          ds,
          'Warning',
          'FailedDaemonPod',
          `Found failed daemon pod ${f.pod.metadata?.namespace}/${f.pod.metadata?.name} on node ${f.node}, will try to kill it`,
        );
    }
    let error: unknown;
    try {
      await this.#syncNodes(key, ds, plan.delete, plan.create, hash);
      if (
        this.expectations.satisfied(key) &&
        (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
      ) {
        const minReady = ds.spec?.minReadySeconds ?? 0;
        const rolling = rollingUpdatePlan(ds, nodes, nodeToPods(pods), hash, (p) =>
          isPodAvailable(p, minReady, now),
        );
        await this.#syncNodes(key, ds, rolling.deletePods, rolling.createOnNodes, hash);
      }
      for (const r of revisionsToPrune(old, pods, ds.spec?.revisionHistoryLimit ?? 10)) {
        await this.#revisionsApi
          .namespace(namespace)
          .delete(r.metadata?.name ?? '')
          .catch((e) => {
            if (!isNotFound(e)) throw e;
          });
      }
    } catch (e) {
      error = e;
    }
    const requeue = await this.#updateStatus(ds, nodes, pods, hash, true);
    if (error !== undefined) throw error;
    const after = [plan.requeueAfter, requeue].filter((x): x is number => x !== undefined);
    return after.length ? { requeueAfter: Math.min(...after) } : undefined;
  }

  #claimPods(ds: DaemonSet, selector: Selector): Promise<Pod[]> {
    return this.#sets.claim(
      ds,
      this.#pods,
      (p) => selector.matches(p.metadata?.labels),
      this.#podControl.pods,
    );
  }

  /** `constructHistory`: the current revision (created or renumbered as needed) and the old ones. */
  async #constructHistory(
    ds: DaemonSet,
    selector: Selector,
  ): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
    const ns = ds.metadata?.namespace ?? '';
    const api = this.#revisionsApi.namespace(ns);
    let histories = await this.#sets.claim(
      ds,
      this.#revisions,
      (r) => selector.matches(r.metadata?.labels),
      this.#revisionsApi,
    );
    // Revisions made before the hash label existed are labelled with their name.
    histories = await Promise.all(
      histories.map(async (h) => {
        if (h.metadata?.labels?.[POD_REVISION_LABEL] !== undefined) return h;
        const copy = structuredClone(h);
        copy.metadata!.labels = { ...copy.metadata!.labels, [POD_REVISION_LABEL]: h.metadata?.name ?? '' };
        return api.update(copy);
      }),
    );
    const current = histories.filter((h) => revisionMatches(ds, h));
    const old = histories.filter((h) => !revisionMatches(ds, h));
    const currRevision = maxRevisionNumber(old) + 1;
    let cur: ControllerRevision;
    if (current.length === 0) {
      cur = await this.#snapshot(ds, currRevision);
    } else {
      // Duplicates of the current revision: keep the highest, move its pods over, delete the rest.
      current.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
      cur = current[0]!;
      const keepHash = cur.metadata?.labels?.[POD_REVISION_LABEL] ?? '';
      for (const dup of current.slice(1)) {
        const dupHash = dup.metadata?.labels?.[POD_REVISION_LABEL];
        for (const pod of this.#pods.lister.namespace(ns).list()) {
          if (pod.metadata?.labels?.[POD_REVISION_LABEL] !== dupHash) continue;
          await this.#podControl.patchPod(ns, pod.metadata?.name ?? '', {
            metadata: { labels: { [POD_REVISION_LABEL]: keepHash } },
          });
        }
        await api.delete(dup.metadata?.name ?? '').catch((e) => {
          if (!isNotFound(e)) throw e;
        });
      }
    }
    if ((cur.revision ?? 0) < currRevision)
      cur = await api.update({ ...structuredClone(cur), revision: currRevision });
    return { cur, old };
  }

  /** `snapshot`: creates the current revision; a name taken by other data bumps collisionCount. */
  async #snapshot(ds: DaemonSet, revision: number): Promise<ControllerRevision> {
    const ns = ds.metadata?.namespace ?? '';
    const history = daemonSetRevision(ds, revision, controllerRef(this.#sets.claimOwner(ds)));
    try {
      return await this.#revisionsApi.namespace(ns).create(history);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await this.#revisionsApi.namespace(ns).get(history.metadata?.name ?? '');
      const ref = existing.metadata?.ownerReferences?.find((r) => r.controller === true);
      if (ref?.uid === ds.metadata?.uid && revisionMatches(ds, existing)) return existing;
      const fresh = await this.#sets.api.namespace(ns).get(ds.metadata?.name ?? '');
      if ((fresh.status?.collisionCount ?? 0) !== (ds.status?.collisionCount ?? 0))
        throw new Error(
          `found a stale collision count (${ds.status?.collisionCount ?? 0}, expected ${fresh.status?.collisionCount ?? 0}) of DaemonSet "${ds.metadata?.name}" while processing; will retry until it is updated`,
        );
      await this.#sets.api.namespace(ns).updateStatus({
        ...fresh,
        status: { ...fresh.status!, collisionCount: (fresh.status?.collisionCount ?? 0) + 1 },
      });
      throw e;
    }
  }

  /** `syncNodes`: creates pods pinned to nodes (slow start) and deletes pods, with expectations. */
  async #syncNodes(
    key: string,
    ds: DaemonSet,
    deletePods: Pod[],
    createOnNodes: string[],
    hash: string,
  ): Promise<void> {
    const creates = createOnNodes.slice(0, BURST_REPLICAS);
    const deletes = deletePods.slice(0, BURST_REPLICAS);
    if (creates.length === 0 && deletes.length === 0) return;
    this.expectations.set(
      key,
      creates.length,
      deletes.map((p) => objectKey(p)),
    );
    const template = daemonPodTemplate(ds, hash);
    const ref = controllerRef(this.#sets.claimOwner(ds));
    let firstError: unknown;
    const { successes, error } = await slowStartBatch(
      creates.length,
      SLOW_START_INITIAL_BATCH_SIZE,
      async (i) => {
        const t = structuredClone(template);
        t.spec!.affinity = pinToNode(t.spec?.affinity, creates[i]!);
        try {
          await this.#podControl.createPod(ds, podFromTemplate(t, ds.metadata?.name ?? '', ref));
        } catch (e) {
          if (!isNamespaceTerminating(e)) throw e;
        }
      },
    );
    if (creates.length - successes > 0) this.expectations.lower(key, creates.length - successes, 0);
    if (error !== undefined) firstError = error;
    await Promise.all(
      deletes.map(async (pod) => {
        try {
          await this.#podControl.deletePod(ds, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
        } catch (e) {
          this.expectations.deletionObserved(key, objectKey(pod));
          if (!isNotFound(e)) firstError ??= e;
        }
      }),
    );
    if (firstError !== undefined) throw firstError;
  }

  /** `updateDaemonSetStatus`; returns a requeue delay for minReadySeconds. */
  async #updateStatus(
    ds: DaemonSet,
    nodes: Node[],
    pods: Pod[],
    hash: string,
    observed: boolean,
  ): Promise<number | undefined> {
    const now = this.#ctx.settings.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const counts = daemonStatusCounts(ds, nodes, nodeToPods(pods), hash, isPodReady, (p) =>
      isPodAvailable(p, minReady, now),
    );
    const status: DaemonSetStatus = { ...ds.status!, ...counts };
    if (observed) status.observedGeneration = ds.metadata?.generation ?? 0;
    const s = ds.status;
    const same =
      s !== undefined &&
      Object.entries(counts).every(([k, v]) => ((s as unknown as Record<string, unknown>)[k] ?? 0) === v) &&
      (!observed || (s.observedGeneration ?? 0) === (ds.metadata?.generation ?? 0));
    if (!same) {
      const api = this.#sets.api.namespace(ds.metadata?.namespace ?? '');
      try {
        await api.updateStatus({ ...ds, status });
      } catch {
        const fresh = await api.get(ds.metadata?.name ?? '');
        await api.updateStatus({
          ...fresh,
          status: {
            ...fresh.status!,
            ...counts,
            ...(observed ? { observedGeneration: ds.metadata?.generation ?? 0 } : {}),
          },
        });
      }
    }
    return minReady > 0 && counts.numberReady !== counts.numberAvailable ? minReady * 1000 : undefined;
  }
}

/** Daemon pods by the node they are bound or pinned to (deleted terminal pods left out). */
export function nodeToPods(pods: readonly Pod[]): Map<string, Pod[]> {
  const map = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (isPodTerminal(pod) && pod.metadata?.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (!node) continue;
    const list = map.get(node);
    if (list) list.push(pod);
    else map.set(node, [pod]);
  }
  return map;
}
