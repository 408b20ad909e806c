// A node and the pods on it, with the aggregates every filter and score reads kept up to date
// as pods come and go (upstream's framework.NodeInfo): requested resources (plain and with the
// scoring defaults), used host ports, pods with affinity terms, and the node's derived facts
// (allocatable, taints that block scheduling). `generation` changes on every mutation.
import type { Node, Taint } from 'kubernetes-types/core/v1.d.ts';
import type { Labels } from '../../machinery/labels.ts';
import type { NodeChangeJournal } from './node-changes.ts';
import type { HostPort, PodInfo } from './pod-info.ts';
import {
  addResource,
  cloneResource,
  emptyResource,
  type Resource,
  type ResourceList,
  resourceFromList,
  subtractResource,
} from './resource.ts';

/** How many nodes hold an image, and its size (upstream's ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

let generationCounter = 0;
/** A process-wide increasing number: any change anywhere gets a larger one. */
export function nextGeneration(): number {
  return ++generationCounter;
}

/** The last generation handed out: every later change gets a larger one. */
export function currentGeneration(): number {
  return generationCounter;
}

const NO_LABELS: Labels = Object.freeze({});
const NO_TAINTS: readonly Taint[] = Object.freeze([]);

export class NodeInfo {
  readonly name: string;
  node: Node | undefined;
  labels: Labels = NO_LABELS;
  /** All taints of the node. */
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  allocatable: Resource = emptyResource();
  requested: Resource = emptyResource();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** hostIP → "protocol/port" → number of pods using it. */
  usedPorts: Map<string, Map<string, number>> = new Map();
  /** Normalized image name → summary shared across nodes (filled by the cache). */
  imageStates: Map<string, ImageStateSummary> = new Map();
  generation = nextGeneration();
  /** Where the node's changes are recorded (the cache's nodes; copies record nowhere). */
  journal: NodeChangeJournal | undefined;
  /**
   * The node's position in the snapshot's node list, kept by whoever builds the list: a hint
   * for per-node tables, which check it (`list[index] === node`) before trusting it.
   */
  index = -1;
  /** Per-node results plugins derive from the pods here, valid while `generation` is unchanged. */
  #memo: Map<string, { generation: number; value: unknown }> | undefined;

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata?.labels ?? NO_LABELS;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = resourceFromList(node.status?.allocatable as ResourceList | undefined);
    this.#changed();
  }

  removeNode(): void {
    this.node = undefined;
    this.#changed();
  }

  #changed(): void {
    this.generation = nextGeneration();
    this.journal?.record(this);
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity()) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity()) this.podsWithRequiredAntiAffinity.push(pi);
    addResource(this.requested, pi.requests);
    this.nonZeroMilliCPU += pi.nonZeroMilliCPU;
    this.nonZeroMemory += pi.nonZeroMemory;
    for (const p of pi.hostPorts) this.#updatePort(p, 1);
    this.#changed();
  }

  /** Removes the pod with this key; false when it is not on the node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods[i] = this.pods[this.pods.length - 1]!;
    this.pods.pop();
    removeByKey(this.podsWithAffinity, key);
    removeByKey(this.podsWithRequiredAntiAffinity, key);
    subtractResource(this.requested, pi.requests);
    this.nonZeroMilliCPU -= pi.nonZeroMilliCPU;
    this.nonZeroMemory -= pi.nonZeroMemory;
    for (const p of pi.hostPorts) this.#updatePort(p, -1);
    this.#changed();
    return true;
  }

  /**
   * A value computed from this node (typically: how many of its pods a selector matches),
   * recomputed only after the node or its pods changed. Lets plugins that look at every pod of
   * every node each cycle touch only the nodes that changed since the previous cycle.
   */
  memo<T>(key: string, compute: (node: NodeInfo) => T): T {
    const m = (this.#memo ??= new Map());
    const hit = m.get(key);
    if (hit !== undefined && hit.generation === this.generation) return hit.value as T;
    const value = compute(this);
    if (m.size >= 32 && hit === undefined) m.clear();
    m.set(key, { generation: this.generation, value });
    return value;
  }

  /** Whether a pod asking for this host port would collide (upstream's HostPortInfo.CheckConflict). */
  portConflicts(p: HostPort): boolean {
    const pp = `${p.protocol}/${p.port}`;
    if (p.hostIP === '0.0.0.0') {
      for (const m of this.usedPorts.values()) if (m.has(pp)) return true;
      return false;
    }
    return !!this.usedPorts.get('0.0.0.0')?.has(pp) || !!this.usedPorts.get(p.hostIP)?.has(pp);
  }

  #updatePort(p: HostPort, delta: number): void {
    const pp = `${p.protocol}/${p.port}`;
    let m = this.usedPorts.get(p.hostIP);
    if (!m) this.usedPorts.set(p.hostIP, (m = new Map()));
    const n = (m.get(pp) ?? 0) + delta;
    if (n > 0) m.set(pp, n);
    else {
      m.delete(pp);
      if (m.size === 0) this.usedPorts.delete(p.hostIP);
    }
  }

  /** A copy that can be changed without touching this one (preemption's dry runs, nominated pods). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.requested = cloneResource(this.requested);
    c.nonZeroMilliCPU = this.nonZeroMilliCPU;
    c.nonZeroMemory = this.nonZeroMemory;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.usedPorts = new Map([...this.usedPorts].map(([ip, m]) => [ip, new Map(m)]));
    c.imageStates = this.imageStates;
    c.generation = this.generation;
    return c;
  }
}

function removeByKey(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}
