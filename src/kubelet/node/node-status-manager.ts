// Registers the kubelet's Node and keeps its status current (upstream's registerWithAPIServer +
// syncNodeStatus): the runtime's health is asked every 5 s, the status computed every 10 s and
// written through `nodes/status` when it changed, or every 5 minutes regardless, so the node
// lifecycle controller still sees a heartbeat in the status. The Lease (node-lease.ts) is the
// frequent heartbeat.
import type { Node, NodeStatus } from 'kubernetes-types/core/v1.js';
import {
  type Client,
  type EventRecorder,
  isAlreadyExists,
  isConflict,
  NODES,
  type ObjectReference,
  type ResourceClient,
} from '../../client/index.ts';
import { formatTime } from '../../machinery/time.ts';
import type { CriClient } from '../cri/cri-client.ts';
import { errorText, type Log } from '../internal/log.ts';
import { every, sleep } from '../internal/timers.ts';
import { readNodeUsage } from './machine-info.ts';
import {
  initialNode,
  type NodeFacts,
  nodeImages,
  nodeLabels,
  nodeStatus,
  nodeStatusChanged,
} from './node-status.ts';
import { RuntimeHealth } from './runtime-health.ts';

export interface NodeStatusManagerOptions {
  client: Client;
  cri: CriClient;
  facts: NodeFacts;
  /** The kubelet's root dir: its file system is the node's ephemeral storage. */
  rootDir: string;
  recorder: EventRecorder;
  log: Log;
  /** The node as the kubelet's informer last saw it. */
  cachedNode: () => Node | undefined;
  health?: RuntimeHealth;
  statusUpdateMs?: number;
  statusReportMs?: number;
  runtimeCheckMs?: number;
}

/** The reference upstream's kubelet uses for events about its node (UID = node name). */
export function nodeReference(nodeName: string): ObjectReference {
  return { kind: 'Node', name: nodeName, uid: nodeName, namespace: '' } as ObjectReference;
}

export class NodeStatusManager {
  readonly health: RuntimeHealth;
  readonly #o: NodeStatusManagerOptions;
  readonly #nodes: ResourceClient<Node>;
  #lastReport = 0;
  #statusLoop: { kick(): void; done: Promise<void> } | undefined;
  #runtimeLoop: { kick(): void; done: Promise<void> } | undefined;
  #recordedConditions = new Map<string, string>();

  constructor(o: NodeStatusManagerOptions) {
    this.#o = o;
    this.#nodes = o.client.resource<Node>(NODES);
    this.health = o.health ?? new RuntimeHealth();
  }

  /** Creates the Node, or adopts an existing one (adding missing kubelet labels). Retries until it works. */
  async register(signal: AbortSignal): Promise<Node> {
    const { facts } = this.#o;
    let delay = 100;
    while (!signal.aborted) {
      try {
        const created = await this.#nodes.create(initialNode(facts));
        this.#o.log.info({ node: facts.nodeName }, 'node registered');
        this.#o.recorder.event(nodeReference(facts.nodeName), 'Normal', 'Starting', 'Starting kubelet.');
        return created;
      } catch (err) {
        if (isAlreadyExists(err)) return this.#adopt();
        this.#o.log.warn({ err: errorText(err) }, 'unable to register node, will retry');
      }
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 7000);
    }
    throw new Error('stopped before the node was registered');
  }

  async #adopt(): Promise<Node> {
    const { facts } = this.#o;
    const existing = await this.#nodes.get(facts.nodeName);
    const wanted = nodeLabels(facts);
    const labels = existing.metadata?.labels ?? {};
    const missing = Object.entries(wanted).filter(([k, v]) => labels[k] !== v);
    let node = existing;
    const patch: Record<string, unknown> = {};
    if (missing.length) patch.metadata = { labels: Object.fromEntries(missing) };
    if (facts.podCIDR && !existing.spec?.podCIDR) {
      patch.spec = { podCIDR: facts.podCIDR, podCIDRs: [facts.podCIDR] };
    }
    if (Object.keys(patch).length) node = await this.#nodes.patch(facts.nodeName, 'merge', patch);
    this.#o.log.info({ node: facts.nodeName }, 'node already registered: adopted');
    this.#o.recorder.event(nodeReference(facts.nodeName), 'Normal', 'Starting', 'Starting kubelet.');
    return node;
  }

  /** Sets the node's podCIDR when it has none (kubelet --pod-cidr). */
  async setPodCIDRIfEmpty(podCIDR: string): Promise<void> {
    const node = await this.#nodes.get(this.#o.facts.nodeName);
    if (node.spec?.podCIDR) return;
    await this.#nodes.patch(this.#o.facts.nodeName, 'merge', { spec: { podCIDR, podCIDRs: [podCIDR] } });
  }

  start(signal: AbortSignal): void {
    const onError = (err: unknown) => this.#o.log.warn({ err: errorText(err) }, 'node status');
    this.#runtimeLoop = every(this.#o.runtimeCheckMs ?? 5000, () => this.#checkRuntime(), signal, onError);
    this.#statusLoop = every(this.#o.statusUpdateMs ?? 10_000, () => this.sync(), signal, onError);
  }

  /** Asks for a status update as soon as possible (e.g. the podCIDR arrived, the runtime changed). */
  kick(): void {
    this.#statusLoop?.kick();
  }

  /** Asks the runtime for its status now (e.g. its network was just configured). */
  checkRuntimeSoon(delayMs = 0): void {
    setTimeout(() => this.#runtimeLoop?.kick(), delayMs).unref();
  }

  async stopped(): Promise<void> {
    await Promise.all([this.#statusLoop?.done, this.#runtimeLoop?.done]);
  }

  async #checkRuntime(): Promise<void> {
    const wasUp = this.health.runtimeUp;
    const wasErrors = this.health.errors().join('|');
    try {
      this.health.recordStatus(await this.#o.cri.status());
    } catch (err) {
      this.#o.log.debug({ err: errorText(err) }, 'container runtime status check failed');
    }
    if (wasUp !== this.health.runtimeUp || wasErrors !== this.health.errors().join('|')) this.kick();
  }

  /** Computes the status and writes it when it changed (or the report period passed). */
  async sync(): Promise<void> {
    const { facts } = this.#o;
    const node = this.#o.cachedNode() ?? (await this.#nodes.get(facts.nodeName));
    let images: ReturnType<typeof nodeImages> = node.status?.images ?? [];
    try {
      images = nodeImages(await this.#o.cri.listImages());
    } catch {
      // The runtime is down: keep the images last reported.
    }
    const now = Date.now();
    const status = nodeStatus(
      node.status,
      facts,
      { errors: this.health.errors(), usage: readNodeUsage(this.#o.rootDir) },
      images,
      formatTime(new Date(now)),
    );
    if (
      !nodeStatusChanged(node.status, status) &&
      now - this.#lastReport < (this.#o.statusReportMs ?? 300_000)
    )
      return;
    await this.#write(status);
    this.#lastReport = now;
    this.#recordConditionEvents(status);
  }

  async #write(status: NodeStatus): Promise<void> {
    const name = this.#o.facts.nodeName;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#nodes.patch(name, 'strategic', { status }, { subresource: 'status' });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) throw err;
      }
    }
  }

  /** Upstream records `NodeHasSufficientMemory`, `NodeReady`… when a condition changes. */
  #recordConditionEvents(status: NodeStatus): void {
    const ref = nodeReference(this.#o.facts.nodeName);
    for (const c of status.conditions ?? []) {
      const reason = eventReasonFor(c.type, c.status);
      if (!reason || this.#recordedConditions.get(c.type) === reason) continue;
      this.#recordedConditions.set(c.type, reason);
      this.#o.recorder.event(
        ref,
        'Normal',
        reason,
        `Node ${this.#o.facts.nodeName} status is now: ${reason}`,
      );
    }
  }
}

function eventReasonFor(type: string, status: string): string | undefined {
  const on = status === 'True';
  switch (type) {
    case 'MemoryPressure':
      return on ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory';
    case 'DiskPressure':
      return on ? 'NodeHasDiskPressure' : 'NodeHasNoDiskPressure';
    case 'PIDPressure':
      return on ? 'NodeHasInsufficientPID' : 'NodeHasSufficientPID';
    case 'Ready':
      return on ? 'NodeReady' : 'NodeNotReady';
    default:
      return undefined;
  }
}
