// The scheduling loop (upstream's schedule_one.go): pop a pod, run one synchronous cycle
// (snapshot → PreFilter → Filter over a rotating window of nodes → PreScore/Score → pick →
// assume → Reserve → Permit) and hand the pod to an asynchronous binding cycle (PreBind → Bind),
// so the next cycle starts without waiting for the API. Failures go through PostFilter
// (preemption) and then back to the queue with a FailedScheduling event and condition.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { SchedulerWriter } from './api-writer.ts';
import { Cache as SchedulerCache } from './cache/cache.ts';
import { Snapshot } from './cache/snapshot.ts';
import { DEFAULT_SCHEDULER_NAME, type ResolvedConfiguration } from './config/defaults.ts';
import { numFeasibleNodesToFind, selectHost, truncateMessage } from './find-nodes.ts';
import type { CycleState } from './framework/cycle-state.ts';
import { ASSIGNED_POD_DELETE } from './framework/events.ts';
import { type Diagnosis, FitError } from './framework/fit-error.ts';
import { Framework } from './framework/framework.ts';
import type {
  ClusterReader,
  PluginFactory,
  PostFilterResult,
  QueuedPodInfo,
} from './framework/interfaces.ts';
import { NodeToStatus } from './framework/interfaces.ts';
import type { NodeInfo } from './framework/node-info.ts';
import { PodInfo } from './framework/pod-info.ts';
import { asStatus, Code, type Result, Status, unresolvable } from './framework/status.ts';
import { inTreeRegistry } from './plugins/registry.ts';
import { SchedulingQueue } from './queue/scheduling-queue.ts';

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export type LogFn = (
  level: 'info' | 'warn' | 'error' | 'debug',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export interface SchedulerDeps {
  config: ResolvedConfiguration;
  cluster: ClusterReader;
  writer: SchedulerWriter;
  /** The informer's current copy of a pod (`namespace/name`). */
  lookupPod: (key: string) => Pod | undefined;
  registry?: Readonly<Record<string, PluginFactory>>;
  random?: () => number;
  log?: LogFn;
  now?: () => number;
}

type CycleResult =
  | { host: string; evaluated: number; feasible: number }
  | { fitError: FitError }
  | { error: Status };

/**
 * A rejection after the node was chosen (Reserve, Permit, PreBind) as upstream reports it: a
 * FitError over that one node, so the rejecting plugin's events can bring the pod back.
 */
function onNode(s: Result, host: string): Result {
  if (!s?.isRejected()) return s;
  const nodeToStatus = new NodeToStatus(unresolvable());
  nodeToStatus.set(host, s);
  const diagnosis: Diagnosis = {
    nodeToStatus,
    preFilterMsg: '',
    postFilterMsg: '',
    unschedulablePlugins: new Set(s.plugin ? [s.plugin] : []),
    pendingPlugins: new Set(),
  };
  return new Status(s.code, [], new FitError(1, diagnosis));
}

export class Scheduler {
  readonly cache: SchedulerCache;
  readonly snapshot = new Snapshot();
  readonly queue: SchedulingQueue;
  readonly profiles = new Map<string, Framework>();
  readonly #deps: SchedulerDeps;
  readonly #random: () => number;
  readonly #log: LogFn;
  readonly #now: () => number;
  /** The score totals of a cycle's feasible nodes (a typed array: summed into in a hot loop). */
  #totals = new Float64Array(0);
  readonly #bindings = new Set<Promise<void>>();
  #nextStartNodeIndex = 0;
  /** Pods bound so far (for benchmarks and logs). */
  boundCount = 0;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#random = deps.random ?? Math.random;
    this.#log = deps.log ?? (() => {});
    this.#now = deps.now ?? Date.now;
    this.cache = new SchedulerCache();
    const registry = deps.registry ?? inTreeRegistry;
    let nominatedPodsForNode = (_: string): readonly PodInfo[] => [];
    for (const p of deps.config.profiles) {
      const fwk = new Framework(p, registry, {
        snapshot: () => this.snapshot,
        cluster: deps.cluster,
        writer: deps.writer,
        nominatedPodsForNode: (n) => nominatedPodsForNode(n),
        anyNominatedPods: () => this.queue.nominator.size > 0,
      });
      this.profiles.set(p.schedulerName, fwk);
    }
    const first = [...this.profiles.values()][0]!;
    const sortName = first.queueSortPlugins[0]!.name;
    for (const f of this.profiles.values())
      if (f.queueSortPlugins[0]!.name !== sortName)
        throw new Error('different queue sort plugins for profiles are not supported');
    const hints = new Map([...this.profiles].map(([name, f]) => [name, f.enqueueExtensions()]));
    this.queue = new SchedulingQueue({
      less: first.queueSortPlugins[0]!.less,
      profileOf: (pod) => {
        const f = this.profiles.get(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
        return f
          ? { preEnqueue: (pi) => f.runPreEnqueuePlugins(pi), hints: hints.get(f.profileName)! }
          : undefined;
      },
      podInitialBackoffMs: deps.config.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: deps.config.podMaxBackoffSeconds * 1000,
      now: this.#now,
      onHintError: (e, plugin) => this.#log('warn', 'queueing hint failed', { plugin, error: String(e) }),
    });
    nominatedPodsForNode = (n) => this.queue.nominator.podsForNode(n);
  }

  /** Whether this scheduler handles the pod (its schedulerName names one of our profiles). */
  responsibleFor(pod: Pod): boolean {
    return this.profiles.has(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  }

  /**
   * Schedules until `signal` aborts. Yields to the event loop every few milliseconds so that
   * informer events and binding answers are processed while a long queue drains.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.queue.run();
    const onAbort = () => this.queue.stop();
    signal.addEventListener('abort', onAbort, { once: true });
    let lastYield = performance.now();
    try {
      while (!signal.aborted) {
        const q = this.queue.pop();
        if (!q) {
          await this.queue.waitForPod();
          lastYield = performance.now();
          continue;
        }
        const pending = this.scheduleOne(q);
        if (pending) await pending;
        if (performance.now() - lastYield > 5) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Waits for the binding cycles in progress. */
  async drainBindings(): Promise<void> {
    while (this.#bindings.size) await Promise.allSettled([...this.#bindings]);
  }

  /**
   * One scheduling cycle. Synchronous unless the pod fits nowhere and PostFilter (preemption)
   * has API calls to make; returns that promise then.
   */
  scheduleOne(q: QueuedPodInfo): Promise<void> | undefined {
    const pod = q.podInfo;
    const fwk = this.profiles.get(pod.pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
    if (!fwk || pod.terminating || this.cache.isAssumedPod(pod.key)) {
      this.queue.done(pod.uid);
      return undefined;
    }
    const state = fwk.newCycleState();
    const start = this.#now();
    this.cache.updateSnapshot(this.snapshot);
    const r = this.#schedulePod(fwk, state, pod);
    if ('host' in r) {
      this.#assumeAndBind(fwk, state, q, r.host);
      return undefined;
    }
    if ('error' in r) {
      this.#handleFailure(fwk, q, r.error, undefined, start);
      return undefined;
    }
    const fitError = r.fitError;
    if (fwk.postFilterPlugins.length === 0) {
      this.#handleFailure(fwk, q, new Status(Code.Unschedulable, [], fitError), undefined, start);
      return undefined;
    }
    return fwk
      .runPostFilterPlugins(state, pod, fitError.diagnosis.nodeToStatus)
      .then(({ result, status }) => {
        if (status.code !== Code.Success) fitError.diagnosis.postFilterMsg = status.message();
        if (status.code === Code.Error)
          this.#log('error', 'status after running PostFilter plugins', {
            pod: pod.key,
            status: status.message(),
          });
        this.#handleFailure(fwk, q, new Status(Code.Unschedulable, [], fitError), result, start);
      });
  }

  #schedulePod(fwk: Framework, state: CycleState, pod: PodInfo): CycleResult {
    const snapshot = this.snapshot;
    const numAll = snapshot.numNodes();
    if (numAll === 0) return { error: new Status(Code.Error, [ERR_NO_NODES_AVAILABLE]) };
    const diagnosis: Diagnosis = {
      nodeToStatus: new NodeToStatus(unresolvable()),
      preFilterMsg: '',
      postFilterMsg: '',
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
    };
    const pre = fwk.runPreFilterPlugins(state, pod, snapshot.nodeInfoList);
    if (pre.status) {
      if (!pre.status.isRejected()) return { error: pre.status };
      diagnosis.nodeToStatus.absent = pre.status;
      diagnosis.preFilterMsg = pre.status.message();
      if (pre.status.plugin) {
        if (pre.status.code === Code.Pending) diagnosis.pendingPlugins.add(pre.status.plugin);
        else diagnosis.unschedulablePlugins.add(pre.status.plugin);
      }
      return { fitError: new FitError(numAll, diagnosis) };
    }
    // A node nominated by an earlier preemption is likely the only one that fits: try it first.
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated && (!pre.nodeNames || pre.nodeNames.has(nominated))) {
      const ni = snapshot.get(nominated);
      if (ni && fwk.runFilterPluginsWithNominatedPods(state, pod, ni) === null)
        return { host: nominated, evaluated: 1, feasible: 1 };
    }
    let nodes = snapshot.nodeInfoList;
    if (pre.nodeNames) {
      nodes = [];
      for (const name of pre.nodeNames) {
        const ni = snapshot.get(name);
        if (ni) nodes.push(ni);
      }
      diagnosis.nodeToStatus.absent = unresolvable(
        `node(s) didn't satisfy plugin(s) [${[...pre.restrictingPlugins].sort().join(' ')}]`,
      );
    }
    const found = this.#findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes);
    if ('error' in found) return found;
    const feasible = found.feasible;
    if (feasible.length === 0) return { fitError: new FitError(numAll, diagnosis) };
    const evaluated = feasible.length + diagnosis.nodeToStatus.map.size;
    if (feasible.length === 1) return { host: feasible[0]!.name, evaluated, feasible: 1 };
    if (this.#totals.length < feasible.length) this.#totals = new Float64Array(feasible.length);
    const totals = this.#totals.subarray(0, feasible.length);
    if (fwk.hasScorePlugins()) {
      const s =
        fwk.runPreScorePlugins(state, pod, feasible) ?? fwk.runScorePlugins(state, pod, feasible, totals);
      if (s) return { error: s };
    } else {
      totals.fill(1);
    }
    const best = selectHost(totals, this.#random);
    return { host: feasible[best]!.name, evaluated, feasible: feasible.length };
  }

  #findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
  ): { feasible: NodeInfo[] } | { error: Status } {
    const numAll = nodes.length;
    const pct = fwk.percentageOfNodesToScore ?? this.#deps.config.percentageOfNodesToScore;
    const numToFind = numFeasibleNodesToFind(pct, numAll);
    const feasible: NodeInfo[] = [];
    const start = numAll > 0 ? this.#nextStartNodeIndex % numAll : 0;
    let processed = 0;
    if (!fwk.hasFilterPlugins()) {
      for (; processed < numToFind && processed < numAll; processed++)
        feasible.push(nodes[(start + processed) % numAll]!);
    } else {
      for (let i = 0; i < numAll; i++) {
        const ni = nodes[(start + i) % numAll]!;
        processed++;
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
        if (s === null) {
          feasible.push(ni);
          if (feasible.length >= numToFind) break;
          continue;
        }
        if (!s.isRejected()) return { error: s };
        diagnosis.nodeToStatus.set(ni.name, s);
        if (s.plugin) {
          if (s.code === Code.Pending) diagnosis.pendingPlugins.add(s.plugin);
          else diagnosis.unschedulablePlugins.add(s.plugin);
        }
      }
    }
    if (numAll > 0) this.#nextStartNodeIndex = (start + processed) % numAll;
    return { feasible };
  }

  #assumeAndBind(fwk: Framework, state: CycleState, q: QueuedPodInfo, host: string): void {
    const assumed = q.podInfo.assumedOn(host);
    const start = this.#now();
    try {
      this.cache.assumePod(assumed);
    } catch (e) {
      this.#handleFailure(fwk, q, asStatus(e), { nominatedNodeName: '', mode: 'override' }, start);
      return;
    }
    this.queue.nominator.delete(q.podInfo);
    const reserved = fwk.runReservePluginsReserve(state, assumed, host);
    if (reserved) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed.key);
      this.#handleFailure(
        fwk,
        q,
        onNode(reserved, host)!,
        { nominatedNodeName: '', mode: 'override' },
        start,
      );
      return;
    }
    const permit = fwk.runPermitPlugins(state, assumed, host);
    if (permit && permit.code !== Code.Wait) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed.key);
      this.#handleFailure(fwk, q, onNode(permit, host)!, { nominatedNodeName: '', mode: 'override' }, start);
      return;
    }
    const binding = this.#bindingCycle(fwk, state, q, assumed, host, permit !== null).catch((e) =>
      this.#log('error', 'binding cycle failed', { pod: assumed.key, error: String(e) }),
    );
    this.#bindings.add(binding);
    void binding.finally(() => this.#bindings.delete(binding));
  }

  async #bindingCycle(
    fwk: Framework,
    state: CycleState,
    q: QueuedPodInfo,
    assumed: PodInfo,
    host: string,
    waiting: boolean,
  ): Promise<void> {
    const start = this.#now();
    let s: Result = null;
    if (waiting) s = onNode(await fwk.waitOnPermit(assumed), host);
    if (!s) s = onNode(await fwk.runPreBindPlugins(state, assumed, host), host);
    if (!s) s = await fwk.runBindPlugins(state, assumed, host);
    if (s) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed.key);
      // The room the pod held is free again: pods waiting for room may fit now.
      this.queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE, assumed.pod, undefined);
      this.#handleFailure(fwk, q, s, { nominatedNodeName: '', mode: 'override' }, start);
      return;
    }
    this.cache.finishBinding(assumed.key);
    this.boundCount++;
    this.#deps.writer.event(
      assumed.pod,
      'Normal',
      'Scheduled',
      'Binding',
      `Successfully assigned ${assumed.namespace}/${assumed.name} to ${host}`,
    );
    fwk.runPostBindPlugins(state, assumed, host);
    this.queue.done(assumed.uid);
  }

  /** Upstream's handleSchedulingFailure: back to the queue, nomination, event, PodScheduled condition. */
  #handleFailure(
    fwk: Framework,
    q: QueuedPodInfo,
    status: Status,
    nominating: PostFilterResult | undefined,
    _start: number,
  ): void {
    const pod = q.podInfo;
    const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
    const err = status.error;
    let message = status.message();
    if (err instanceof FitError) {
      q.unschedulablePlugins = err.diagnosis.unschedulablePlugins;
      q.pendingPlugins = err.diagnosis.pendingPlugins;
      message = err.message;
      this.#log('debug', 'unable to schedule pod; no fit; waiting', { pod: pod.key, err: message });
    } else {
      q.unschedulablePlugins = new Set();
      q.pendingPlugins = new Set();
      if (message === ERR_NO_NODES_AVAILABLE)
        this.#log('debug', 'unable to schedule pod; no nodes are registered to the cluster; waiting', {
          pod: pod.key,
        });
      else this.#log('warn', 'error scheduling pod; retrying', { pod: pod.key, err: message });
    }
    const cached = this.#deps.lookupPod(pod.key);
    let current = pod.pod;
    if (!cached || cached.metadata?.uid !== pod.uid) this.queue.done(pod.uid);
    else if (cached.spec?.nodeName) this.queue.done(pod.uid);
    else {
      current = cached;
      q.podInfo = new PodInfo(cached);
      this.queue.addUnschedulableIfNotPresent(q);
    }
    if (nominating?.mode === 'override') this.queue.nominator.add(q.podInfo, nominating.nominatedNodeName);
    if (!cached || cached.spec?.nodeName) return;
    const msg = truncateMessage(message);
    this.#deps.writer.event(current, 'Warning', 'FailedScheduling', 'Scheduling', msg);
    const nnn = nominating?.mode === 'override' ? nominating.nominatedNodeName : undefined;
    this.#deps.writer
      .updatePodScheduledCondition(current, { type: 'PodScheduled', status: 'False', reason, message }, nnn)
      .catch((e) => this.#log('warn', 'error updating pod', { pod: pod.key, error: String(e) }));
    void fwk;
  }
}
