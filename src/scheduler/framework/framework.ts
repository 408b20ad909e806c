// One profile's plugins, wired per extension point (plugin-wiring.ts), and the loops that call
// them (upstream's frameworkImpl).
import type { Snapshot } from '../cache/snapshot.ts';
import type { PluginConfig, Plugins } from '../config/types.ts';
import { CycleState } from './cycle-state.ts';
import type { ClusterEventWithHint } from './events.ts';
import {
  type BindPlugin,
  type ClusterReader,
  type ClusterWriter,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type NodeToStatus,
  type PermitPlugin,
  type Plugin,
  type PluginFactory,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
  type WaitingPod,
} from './interfaces.ts';
import type { NodeInfo } from './node-info.ts';
import { EXTENSION_POINTS, type ExtensionPoint, wirePlugins } from './plugin-wiring.ts';
import type { PodInfo } from './pod-info.ts';
import { asStatus, Code, type Result, Status } from './status.ts';
import { WaitingPods } from './waiting-pods.ts';

/** The services a framework is built on (the scheduler's cache, informers and API writer). */
export interface FrameworkServices {
  snapshot(): Snapshot;
  cluster: ClusterReader;
  writer: ClusterWriter;
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** False while no pod is nominated anywhere (the filter loop then skips the lookups). */
  anyNominatedPods(): boolean;
}

const NO_PODS: readonly PodInfo[] = Object.freeze([]);

export interface ProfileSpec {
  schedulerName: string;
  /** Merged with the defaults already (see config/defaults.ts). */
  plugins: Plugins;
  pluginConfig?: PluginConfig[];
  percentageOfNodesToScore?: number | undefined;
}

/** The status upstream's selectHost and PostFilter callers see when no PostFilter plugin ran. */
export interface PreFilterOutcome {
  /** Nodes the PreFilter plugins restricted the search to (undefined: all). */
  nodeNames: ReadonlySet<string> | undefined;
  status: Result;
  /** Plugins that rejected the pod at PreFilter. */
  unschedulablePlugins: Set<string>;
  /** Plugin names whose node restriction was applied (for the "didn't satisfy plugin(s)" message). */
  restrictingPlugins: string[];
}

export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly cluster: ClusterReader;
  readonly writer: ClusterWriter;
  readonly plugins = new Map<string, Plugin>();
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly queueSortPlugins: QueueSortPlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly scoreWeights: number[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly permitPlugins: PermitPlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly postBindPlugins: PostBindPlugin[] = [];
  readonly waitingPods = new WaitingPods();
  readonly #services: FrameworkServices;
  readonly #scoreBuffers: number[][] = [];

  constructor(
    spec: ProfileSpec,
    registry: Readonly<Record<string, PluginFactory>>,
    services: FrameworkServices,
  ) {
    this.profileName = spec.schedulerName;
    this.percentageOfNodesToScore = spec.percentageOfNodesToScore;
    this.#services = services;
    this.cluster = services.cluster;
    this.writer = services.writer;
    const wired = wirePlugins(spec, registry, this);
    for (const [name, plugin] of wired.plugins) this.plugins.set(name, plugin);
    for (const point of EXTENSION_POINTS) (this.#list(point) as Plugin[]).push(...wired.byPoint[point]);
    this.scoreWeights.push(...wired.scoreWeights);
    if (this.queueSortPlugins.length !== 1)
      throw new Error(`one queue sort plugin required for profile with scheduler name "${this.profileName}"`);
    if (this.bindPlugins.length === 0)
      throw new Error(
        `at least one bind plugin is needed for profile with scheduler name "${this.profileName}"`,
      );
  }

  #list(point: ExtensionPoint): Plugin[] {
    return (
      {
        preEnqueue: this.preEnqueuePlugins,
        queueSort: this.queueSortPlugins,
        preFilter: this.preFilterPlugins,
        filter: this.filterPlugins,
        postFilter: this.postFilterPlugins,
        preScore: this.preScorePlugins,
        score: this.scorePlugins,
        reserve: this.reservePlugins,
        permit: this.permitPlugins,
        preBind: this.preBindPlugins,
        bind: this.bindPlugins,
        postBind: this.postBindPlugins,
      } as Record<ExtensionPoint, Plugin[]>
    )[point];
  }

  // --- Handle -------------------------------------------------------------------------------

  snapshot(): Snapshot {
    return this.#services.snapshot();
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.#services.nominatedPodsForNode(nodeName);
  }

  getWaitingPod(uid: string): WaitingPod | undefined {
    return this.waitingPods.get(uid);
  }

  /** The events each plugin registers, for the queue's hints. */
  enqueueExtensions(): { plugin: string; events: ClusterEventWithHint[] }[] {
    const out: { plugin: string; events: ClusterEventWithHint[] }[] = [];
    for (const [name, p] of this.plugins) {
      const ext = p as Partial<EnqueueExtensions>;
      if (typeof ext.eventsToRegister === 'function')
        out.push({ plugin: name, events: ext.eventsToRegister() });
    }
    return out;
  }

  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }

  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  // --- extension point runners ----------------------------------------------------------------

  runPreEnqueuePlugins(pod: PodInfo): Result {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod.pod);
      if (s && s.code !== Code.Success) return s.withPlugin(pl.name);
    }
    return null;
  }

  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    const restricting: string[] = [];
    const skip = new Set<string>();
    const rejected = new Set<string>();
    for (const pl of this.preFilterPlugins) {
      let r: Result | PreFilterResult;
      try {
        r = pl.preFilter(state, pod, nodes);
      } catch (e) {
        return {
          nodeNames,
          status: asStatus(e).withPlugin(pl.name),
          unschedulablePlugins: rejected,
          restrictingPlugins: restricting,
        };
      }
      if (r instanceof Status) {
        if (r.code === Code.Skip) {
          skip.add(pl.name);
          continue;
        }
        if (r.code !== Code.Success) {
          const s = r.isRejected()
            ? new Status(r.code, r.reasons, r.error).withPlugin(pl.name)
            : new Status(
                Code.Error,
                [`running PreFilter plugin "${pl.name}": ${r.message()}`],
                r.error,
              ).withPlugin(pl.name);
          if (r.isRejected()) rejected.add(pl.name);
          return { nodeNames, status: s, unschedulablePlugins: rejected, restrictingPlugins: restricting };
        }
        continue;
      }
      if (r === null) continue;
      restricting.push(pl.name);
      if (!nodeNames) nodeNames = new Set(r.nodeNames);
      else for (const n of nodeNames) if (!r.nodeNames.has(n)) nodeNames.delete(n);
      if (nodeNames.size === 0) {
        rejected.add(pl.name);
        const message =
          restricting.length === 1
            ? `node(s) didn't satisfy plugin ${restricting[0]}`
            : `node(s) didn't satisfy plugin(s) [${restricting.join(' ')}] simultaneously`;
        const s = new Status(Code.UnschedulableAndUnresolvable, [message]).withPlugin(pl.name);
        return { nodeNames, status: s, unschedulablePlugins: rejected, restrictingPlugins: restricting };
      }
    }
    state.skipFilterPlugins = skip;
    state.filters = skip.size ? this.filterPlugins.filter((p) => !skip.has(p.name)) : this.filterPlugins;
    return { nodeNames, status: null, unschedulablePlugins: rejected, restrictingPlugins: restricting };
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, node: NodeInfo): Result {
    for (const pl of this.preFilterPlugins) {
      if (!pl.addPod || state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.addPod(state, pod, toAdd, node);
      if (s && s.code !== Code.Success)
        return asStatus(`running AddPod on PreFilter plugin "${pl.name}": ${s.message()}`);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, node: NodeInfo): Result {
    for (const pl of this.preFilterPlugins) {
      if (!pl.removePod || state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.removePod(state, pod, toRemove, node);
      if (s && s.code !== Code.Success)
        return asStatus(`running RemovePod on PreFilter plugin "${pl.name}": ${s.message()}`);
    }
    return null;
  }

  /** Runs the Filter plugins in order; the first rejection wins (with its plugin set). */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    let plugins = state.filters as FilterPlugin[] | null;
    if (plugins === null) {
      const skip = state.skipFilterPlugins;
      plugins = skip.size ? this.filterPlugins.filter((p) => !skip.has(p.name)) : this.filterPlugins;
    }
    for (let i = 0; i < plugins.length; i++) {
      const pl = plugins[i]!;
      let s: Result;
      try {
        s = pl.filter(state, pod, node);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s !== null && s.code !== Code.Success) {
        if (!s.isRejected()) return new Status(Code.Error, s.reasons, s.error).withPlugin(pl.name);
        return s.plugin === pl.name ? s : new Status(s.code, s.reasons, s.error).withPlugin(pl.name);
      }
    }
    return null;
  }

  /**
   * Filters with the node's nominated pods of equal or higher priority counted as running, and
   * (when that passes and there were some) once more without them, as upstream: the pod must
   * fit either way, since the nominated pods may land elsewhere.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    const nominated = this.#services.anyNominatedPods() ? this.nominatedPodsForNode(node.name) : NO_PODS;
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, node);
    let added: { state: CycleState; node: NodeInfo } | undefined;
    for (const np of nominated) {
      if (np.priority < pod.priority || np.uid === pod.uid) continue;
      if (!added) added = { state: state.clone(), node: node.clone() };
      added.node.addPod(np);
      const s = this.runPreFilterExtensionAddPod(added.state, pod, np, added.node);
      if (s) return s;
    }
    if (!added) return this.runFilterPlugins(state, pod, node);
    const first = this.runFilterPlugins(added.state, pod, added.node);
    if (first !== null) return first;
    return this.runFilterPlugins(state, pod, node);
  }

  async runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    filtered: NodeToStatus,
  ): Promise<{ result: PostFilterResult | undefined; status: Status }> {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      let r: { result?: PostFilterResult; status: Result };
      try {
        r = await pl.postFilter(state, pod, filtered);
      } catch (e) {
        return { result: undefined, status: asStatus(e).withPlugin(pl.name) };
      }
      const s = r.status;
      if (s === null || s.code === Code.Success)
        return { result: r.result, status: new Status(Code.Success) };
      if (s.code === Code.UnschedulableAndUnresolvable)
        return { result: r.result, status: s.withPlugin(pl.name) };
      if (!s.isRejected())
        return { result: undefined, status: new Status(Code.Error, s.reasons, s.error).withPlugin(pl.name) };
      if (r.result && r.result.mode !== 'noop') result = r.result;
      reasons.push(...s.reasons);
      if (!rejector) rejector = pl.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    const skip = new Set<string>();
    for (const pl of this.preScorePlugins) {
      let s: Result;
      try {
        s = pl.preScore(state, pod, nodes);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s === null || s.code === Code.Success) continue;
      if (s.code === Code.Skip) {
        skip.add(pl.name);
        continue;
      }
      return new Status(
        Code.Error,
        [`running PreScore plugin "${pl.name}": ${s.message()}`],
        s.error,
      ).withPlugin(pl.name);
    }
    state.skipScorePlugins = skip;
    return null;
  }

  /**
   * Scores every node with every Score plugin, normalizes, weighs and sums into `totals`
   * (aligned with `nodes`, as long). Returns an Error status if a plugin failed.
   */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], totals: Float64Array): Result {
    const n = nodes.length;
    if (totals.length !== n) throw new Error(`${totals.length} totals for ${n} nodes`);
    totals.fill(0);
    const skip = state.skipScorePlugins;
    for (let p = 0; p < this.scorePlugins.length; p++) {
      const pl = this.scorePlugins[p]!;
      if (skip.size > 0 && skip.has(pl.name)) continue;
      const scores = (this.#scoreBuffers[p] ??= []);
      scores.length = n;
      try {
        if (pl.scoreNodes) pl.scoreNodes(state, pod, nodes, scores);
        else for (let i = 0; i < n; i++) scores[i] = pl.score(state, pod, nodes[i]!);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (pl.normalizeScore) {
        const s = pl.normalizeScore(state, pod, scores, nodes);
        if (s && s.code !== Code.Success)
          return new Status(Code.Error, [`running Normalize on Score plugins: ${s.message()}`]).withPlugin(
            pl.name,
          );
      }
      const weight = this.scoreWeights[p]!;
      for (let i = 0; i < n; i++) {
        const v = scores[i]!;
        // Also true for NaN (and for a score left unset): one test per score in this hot loop.
        if (!(v >= MIN_NODE_SCORE && v <= MAX_NODE_SCORE))
          return asStatus(
            `plugin "${pl.name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
          ).withPlugin(pl.name);
        totals[i] += v * weight;
      }
    }
    return null;
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Result {
    for (const pl of this.reservePlugins) {
      let s: Result;
      try {
        s = pl.reserve(state, pod, nodeName);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return new Status(Code.Error, [`running Reserve plugin "${pl.name}": ${s.message()}`]).withPlugin(
          pl.name,
        );
      }
    }
    return null;
  }

  /** Unreserve runs in reverse order, as upstream. */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      try {
        this.reservePlugins[i]!.unreserve(state, pod, nodeName);
      } catch {
        // Unreserve must not fail; a throwing plugin cannot stop the others from cleaning up.
      }
    }
  }

  /** Success, a rejection, or Wait (the pod was registered as waiting). */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Result {
    const waits = new Map<string, number>();
    for (const pl of this.permitPlugins) {
      let r: { status: Result; timeoutMs?: number };
      try {
        r = pl.permit(state, pod, nodeName);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      const s = r.status;
      if (s === null || s.code === Code.Success) continue;
      if (s.isRejected()) return s.withPlugin(pl.name);
      if (s.code === Code.Wait) {
        waits.set(pl.name, Math.min(r.timeoutMs ?? 15 * 60_000, 15 * 60_000));
        continue;
      }
      return new Status(Code.Error, [`running Permit plugin "${pl.name}": ${s.message()}`]).withPlugin(
        pl.name,
      );
    }
    if (waits.size === 0) return null;
    this.waitingPods.add(pod, waits);
    return new Status(Code.Wait, ['one or more plugins asked to wait and no plugin rejected pod']);
  }

  /** Resolves once every Permit plugin that asked to wait allowed the pod (or one rejected it). */
  waitOnPermit(pod: PodInfo): Promise<Result> {
    return this.waitingPods.wait(pod.uid);
  }

  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result> {
    for (const pl of this.preBindPlugins) {
      let s: Result;
      try {
        s = await pl.preBind(state, pod, nodeName);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return new Status(Code.Error, [`running PreBind plugin "${pl.name}": ${s.message()}`]).withPlugin(
          pl.name,
        );
      }
    }
    return null;
  }

  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result> {
    let last: Result = new Status(Code.Skip);
    for (const pl of this.bindPlugins) {
      try {
        last = await pl.bind(state, pod, nodeName);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (last && last.code === Code.Skip) continue;
      if (last && last.code !== Code.Success) {
        if (last.isRejected()) return last.withPlugin(pl.name);
        return new Status(
          Code.Error,
          [`running Bind plugin "${pl.name}": ${last.message()}`],
          last.error,
        ).withPlugin(pl.name);
      }
      return null;
    }
    return last;
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const pl of this.postBindPlugins) {
      try {
        pl.postBind(state, pod, nodeName);
      } catch {
        // PostBind is informational.
      }
    }
  }

  /** A fresh cycle state. */
  newCycleState(): CycleState {
    return new CycleState();
  }
}
