// Hollow nodes (like kubemark / KWOK): N Node objects that behave like nodes with kubelets but
// run nothing. One process holds thousands: one pod informer for all of them, a shared worker
// pool for pod status writes and deletions, and one ticker that renews each node's Lease in
// kube-node-lease every 10 s (spread over the period) and refreshes node status every 5 min.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  type Client,
  isAlreadyExists,
  isConflict,
  isNotFound,
  LEASES,
  type Lease,
  NODES,
  PODS,
  SharedInformer,
  stripManagedFields,
  WorkQueue,
  type WrittenMetadata,
} from '../client/index.ts';
import {
  DEFAULT_SHAPE,
  type HollowNodeShape,
  hollowNode,
  microTime,
  needsRunningStatus,
  nodeIP,
  podIP,
  readyConditions,
  rfc3339,
  runningPodStatus,
} from './node-template.ts';

export interface HollowNodesOptions {
  client: Client;
  count: number;
  /** First node index (several processes can hold disjoint ranges). Default 0. */
  startIndex?: number;
  shape?: Partial<HollowNodeShape>;
  /** Lease renewal period (10 s, as the kubelet). */
  leaseRenewMs?: number;
  /** Node status refresh period when nothing changes (5 min, as the kubelet's nodeStatusReportFrequency). */
  statusReportMs?: number;
  /** Concurrent API writes (registration, pod status, deletions, leases). Default 32. */
  concurrency?: number;
  /**
   * Renew leases and report node status periodically (default true). Off, the nodes register
   * once and then hold still, like the plain Node objects of upstream's scheduler_perf.
   */
  heartbeat?: boolean;
  /** Report pods bound to the nodes Running and finish their deletions (default true). */
  runPods?: boolean;
  /** Delete the nodes and their leases on stop. */
  removeNodesOnStop?: boolean;
  /**
   * Clear the `node.kubernetes.io/not-ready:NoSchedule` taint that TaintNodesByCondition admission
   * puts on new nodes, once they report Ready — the node lifecycle controller's job, which kts
   * does not run yet. Default true.
   */
  clearNotReadyTaint?: boolean;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface HollowNodes {
  readonly nodeNames: readonly string[];
  /** Counters: pods started, pods finished (deleted), lease renewals, write errors. */
  stats(): { podsStarted: number; podsDeleted: number; leaseRenewals: number; errors: number };
  stop(): Promise<void>;
}

interface NodeEntry {
  index: number;
  name: string;
  uid: string;
  lease: Lease | undefined;
  podCounter: number;
  since: string;
}

const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const TICK_MS = 250;

/** Runs up to `limit` async tasks at a time. */
function limiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Registers the nodes and keeps them alive until stop(). Usage: `const h = await runHollowNodes({ client, count: 100 })`. */
export async function runHollowNodes(o: HollowNodesOptions): Promise<HollowNodes> {
  const shape: HollowNodeShape = { ...DEFAULT_SHAPE, ...o.shape };
  const log = o.log ?? (() => {});
  const start = o.startIndex ?? 0;
  const leaseRenewMs = o.leaseRenewMs ?? 10_000;
  const statusReportMs = o.statusReportMs ?? 300_000;
  const limit = limiter(o.concurrency ?? 32);
  const nodes = o.client.resource<Node>(NODES);
  const leases = o.client.resource<Lease>(LEASES).namespace('kube-node-lease');
  const pods = o.client.resource<Pod>(PODS);
  const entries = new Map<string, NodeEntry>();
  const counters = { podsStarted: 0, podsDeleted: 0, leaseRenewals: 0, errors: 0 };
  const abort = new AbortController();
  const fail = (what: string, e: unknown) => {
    counters.errors++;
    log(`hollow nodes: ${what} failed`, { error: String(e) });
  };

  // 1. Register the nodes.
  const now = rfc3339(Date.now());
  await Promise.all(
    Array.from({ length: o.count }, (_, k) =>
      limit(async () => {
        const i = start + k;
        const desired = hollowNode(shape, i, now);
        let node: Node;
        try {
          node = await nodes.create(desired);
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          node = await nodes.patch(
            desired.metadata!.name!,
            'merge',
            { status: desired.status },
            { subresource: 'status' },
          );
        }
        if (o.clearNotReadyTaint !== false && node.spec?.taints?.some((t) => t.key === NOT_READY_TAINT)) {
          const taints = node.spec.taints.filter((t) => t.key !== NOT_READY_TAINT);
          node = await nodes.patch(node.metadata!.name!, 'merge', {
            spec: { taints: taints.length ? taints : null },
          });
        }
        entries.set(node.metadata!.name!, {
          index: i,
          name: node.metadata!.name!,
          uid: node.metadata!.uid ?? '',
          lease: undefined,
          podCounter: 0,
          since: now,
        });
      }),
    ),
  );
  const ordered = [...entries.values()].sort((a, b) => a.index - b.index);
  log('hollow nodes registered', { count: ordered.length });

  // 2. Leases and status heartbeats: each node renews in its own slot of the period.
  // The Lease as last written, with the server's metadata fields (uid, resourceVersion, ...) but
  // without managedFields: each renewal sends it back with a new renewTime, as the kubelet's
  // lease controller does, and reads only the new resourceVersion from the answer. A PUT that
  // carries no managedFields keeps the stored ones, so the server need not decode them again.
  const written = (lease: Lease, metadata: WrittenMetadata): Lease => ({
    ...lease,
    metadata: { ...lease.metadata, ...metadata },
  });
  const renewLease = async (e: NodeEntry) => {
    const renewTime = microTime(Date.now());
    try {
      if (e.lease) {
        const lease: Lease = { ...e.lease, spec: { ...e.lease.spec, renewTime } };
        e.lease = written(lease, await leases.updateForMetadata(lease));
      } else {
        const lease: Lease = {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: e.name,
            namespace: 'kube-node-lease',
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: e.name, uid: e.uid }],
          },
          spec: { holderIdentity: e.name, leaseDurationSeconds: 40, renewTime },
        };
        try {
          e.lease = written(lease, await leases.createForMetadata(lease));
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
          const current = stripManagedFields(await leases.get(e.name));
          const renewed: Lease = {
            ...current,
            spec: { ...current.spec, holderIdentity: e.name, renewTime },
          };
          e.lease = written(renewed, await leases.updateForMetadata(renewed));
        }
      }
      counters.leaseRenewals++;
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) e.lease = undefined;
      fail(`lease of ${e.name}`, err);
    }
  };
  const reportStatus = async (e: NodeEntry) => {
    try {
      await nodes.patchOnly(
        e.name,
        'strategic',
        { status: { conditions: readyConditions(rfc3339(Date.now()), e.since) } },
        { subresource: 'status' },
      );
    } catch (err) {
      fail(`status of ${e.name}`, err);
    }
  };
  await Promise.all(ordered.map((e) => limit(() => renewLease(e))));
  const leaseSlots = Math.max(1, Math.round(leaseRenewMs / TICK_MS));
  const statusSlots = Math.max(1, Math.round(statusReportMs / TICK_MS));
  let tick = 0;
  const heartbeats = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    heartbeats.add(p);
    void p.finally(() => heartbeats.delete(p));
  };
  const ticker = setInterval(() => {
    if (o.heartbeat === false) return;
    tick++;
    for (let k = tick % leaseSlots; k < ordered.length; k += leaseSlots)
      track(limit(() => renewLease(ordered[k]!)));
    for (let k = tick % statusSlots; k < ordered.length; k += statusSlots)
      if (tick >= statusSlots) track(limit(() => reportStatus(ordered[k]!)));
  }, TICK_MS);

  // 3. Pods bound to our nodes: start them (status), finish graceful deletions.
  // Only pods bound to a node (a kubelet watches spec.nodeName=<its node>; one watch for thousands
  // of nodes takes all bound pods): the informer never sees, decodes or keeps a pending pod.
  const informer = new SharedInformer<Pod>(o.client, PODS, {
    fieldSelector: 'spec.nodeName!=',
    transform: stripManagedFields,
    onError: (e, context) => log('hollow nodes: informer error', { context, error: String(e) }),
  });
  const work = new WorkQueue<string>();
  const ours = (pod: Pod) => {
    const node = pod.spec?.nodeName;
    return node !== undefined && entries.has(node);
  };
  const consider = (pod: Pod) => {
    if (!ours(pod)) return;
    if (pod.metadata?.deletionTimestamp || needsRunningStatus(pod))
      work.add(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
  };
  if (o.runPods !== false)
    informer.addEventHandler({ onAdd: consider, onUpdate: (_old, pod) => consider(pod) });
  const process = async (key: string) => {
    const pod = informer.indexer.get(key);
    if (!pod || !ours(pod)) return;
    const [namespace, name] = [pod.metadata!.namespace!, pod.metadata!.name!];
    if (pod.metadata?.deletionTimestamp) {
      try {
        await pods.namespace(namespace).deleteOnly(name, {
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata.uid! },
        });
        counters.podsDeleted++;
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
      return;
    }
    if (!needsRunningStatus(pod)) return;
    const entry = entries.get(pod.spec!.nodeName!)!;
    const ip = pod.status?.podIP || podIP(entry.index, entry.podCounter++);
    const status = runningPodStatus(pod, nodeIP(entry.index), ip, rfc3339(Date.now()));
    try {
      // The answer (the whole pod) is not needed: the informer brings the pod's new state.
      await pods.namespace(namespace).patchOnly(name, 'merge', { status }, { subresource: 'status' });
      counters.podsStarted++;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  };
  const workers = Array.from({ length: o.concurrency ?? 32 }, async () => {
    for (;;) {
      const key = await work.get();
      if (key === undefined) return;
      try {
        await process(key);
        work.forget(key);
      } catch (e) {
        fail(`pod ${key}`, e);
        work.addRateLimited(key);
      } finally {
        work.done(key);
      }
    }
  });
  if (o.runPods !== false) {
    informer.start();
    await informer.waitForSync(abort.signal);
  }

  return {
    nodeNames: ordered.map((e) => e.name),
    stats: () => ({ ...counters }),
    async stop() {
      abort.abort();
      clearInterval(ticker);
      work.shutdown();
      await informer.stop();
      await Promise.allSettled(workers);
      await Promise.allSettled([...heartbeats]);
      if (o.removeNodesOnStop) {
        await Promise.all(
          ordered.map((e) =>
            limit(async () => {
              await leases.delete(e.name).catch(() => {});
              await nodes.delete(e.name).catch(() => {});
            }),
          ),
        );
      }
    },
  };
}
