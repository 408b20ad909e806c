// Matching pods per node and per topology domain over all nodes, kept between scheduling cycles.
// PreScore of PodTopologySpread counts, for every non-hostname constraint, the pods that match
// the constraint's selector in each domain over *all* nodes (upstream's processAllNode), and
// Score counts them on each scored node for the hostname constraint. Done afresh, that is
// O(nodes) per pod: with 5,000 nodes and a 10,000-replica Deployment, 50 million node visits.
// Consecutive pods of one workload share the constraint, and between two cycles only a few nodes
// change (the pod just assumed, a few informer events), so the tables here remember each node's
// figure with the node's generation and, told by the cache's change journal which nodes moved,
// recount only those.

import type { Selector } from '../../../machinery/labels.ts';
import type { NodeChangeJournal } from '../../framework/node-changes.ts';
import { currentGeneration, type NodeInfo } from '../../framework/node-info.ts';
import { type Constraint, countPodsMatchSelector } from './constraints.ts';

/** One entry per node of a node list, recomputed only for the nodes that changed. */
abstract class NodeTable {
  /** The snapshot's node list the entries are for (a new list means a rebuild). */
  #nodes: readonly NodeInfo[] = [];
  #generations = new Float64Array(0);
  /** Every listed node knows its position (NodeInfo.index): changes can be looked up by node. */
  #indexed = false;
  /** Changes up to this generation are in the entries. */
  #seen = 0;

  /** Brings the entries up to date with `all` (the snapshot's node list). */
  update(all: readonly NodeInfo[], journal: NodeChangeJournal | undefined): void {
    const mark = currentGeneration();
    if (all !== this.#nodes || all.length !== this.#generations.length) {
      this.#nodes = all;
      this.#generations = new Float64Array(all.length).fill(-1);
      this.#indexed = all.every((n, i) => n.index === i);
      this.reset(all.length);
      for (let i = 0; i < all.length; i++) this.#refresh(i, all[i]!);
    } else if (!(this.#indexed && journal?.changedSince(this.#seen, this.#visit))) {
      for (let i = 0; i < all.length; i++) this.#refresh(i, all[i]!);
    }
    this.#seen = mark;
  }

  readonly #visit = (node: NodeInfo): void => {
    const i = node.index;
    if (this.#nodes[i] === node) this.#refresh(i, node);
  };

  #refresh(i: number, node: NodeInfo): void {
    if (this.#generations[i] === node.generation) return;
    this.#generations[i] = node.generation;
    this.recompute(i, node);
  }

  /** The node's entry position when the entry is current for it; -1 otherwise. */
  protected position(node: NodeInfo): number {
    const i = node.index;
    return this.#nodes[i] === node && this.#generations[i] === node.generation ? i : -1;
  }

  /** Drops all entries for a list of `length` nodes. */
  protected abstract reset(length: number): void;
  /** Recomputes entry `i` for `node` (whose previous entry, if any, is still in place). */
  protected abstract recompute(i: number, node: NodeInfo): void;
}

/** Per node: its pods in a namespace that a selector matches (upstream's countPodsMatchSelector). */
export class MatchingPodCounts extends NodeTable {
  readonly #selector: Selector;
  readonly #namespace: string;
  #counts = new Int32Array(0);

  constructor(selector: Selector, namespace: string) {
    super();
    this.#selector = selector;
    this.#namespace = namespace;
  }

  /** The node's count: from the table when it is current for the node, else counted now. */
  of(node: NodeInfo): number {
    const i = this.position(node);
    return i >= 0 ? this.#counts[i]! : countPodsMatchSelector(node.pods, this.#selector, this.#namespace);
  }

  protected reset(length: number): void {
    this.#counts = new Int32Array(length);
  }

  protected recompute(i: number, node: NodeInfo): void {
    this.#counts[i] = countPodsMatchSelector(node.pods, this.#selector, this.#namespace);
  }
}

/**
 * Per topology domain: the matching pods of the nodes in it. For a constraint whose node
 * inclusion does not depend on the pod (nodeAffinityPolicy Honor only for pods without required
 * node affinity, nodeTaintsPolicy Ignore). A node without the constraint's key counts in the
 * domain "" (as upstream's topology pairs); `requireAllTopologies` lists the constraints whose
 * keys a node must all carry to count at all (upstream's requireAllTopologies).
 */
export class DomainCounts extends NodeTable {
  readonly #topologyKey: string;
  readonly #requireAllTopologies: readonly Constraint[] | undefined;
  readonly #pods: MatchingPodCounts;
  /** Per node: the domain it counts in (undefined: none) and what it adds there. */
  #domains: (string | undefined)[] = [];
  #contributions = new Int32Array(0);
  /** Domain value → matching pods on the counted nodes of that domain. */
  readonly totals = new Map<string, number>();

  constructor(
    constraint: Constraint,
    pods: MatchingPodCounts,
    requireAllTopologies: readonly Constraint[] | undefined,
  ) {
    super();
    this.#topologyKey = constraint.topologyKey;
    this.#pods = pods;
    this.#requireAllTopologies = requireAllTopologies;
  }

  /** Brings the totals up to date with `all` (the snapshot's node list) and returns them. */
  counts(all: readonly NodeInfo[], journal: NodeChangeJournal | undefined): ReadonlyMap<string, number> {
    this.#pods.update(all, journal);
    this.update(all, journal);
    return this.totals;
  }

  protected reset(length: number): void {
    this.#domains = new Array<string | undefined>(length).fill(undefined);
    this.#contributions = new Int32Array(length);
    this.totals.clear();
  }

  protected recompute(i: number, node: NodeInfo): void {
    const old = this.#domains[i];
    if (old !== undefined) this.#add(old, -this.#contributions[i]!);
    let domain: string | undefined = node.labels[this.#topologyKey] ?? '';
    const keys = this.#requireAllTopologies;
    if (keys) for (const c of keys) if (node.labels[c.topologyKey] === undefined) domain = undefined;
    const count = domain === undefined ? 0 : this.#pods.of(node);
    this.#domains[i] = domain;
    this.#contributions[i] = count;
    if (domain !== undefined) this.#add(domain, count);
  }

  #add(domain: string, delta: number): void {
    this.totals.set(domain, (this.totals.get(domain) ?? 0) + delta);
  }
}

/**
 * The tables per selector (and per constraint identity for domains), a bounded number of them
 * (each holds one entry per node): workloads come and go, and a miss only costs one full count.
 */
export class DomainCountsCache {
  readonly #pods: Lru<MatchingPodCounts>;
  readonly #domains: Lru<DomainCounts>;

  constructor(limit = 16) {
    this.#pods = new Lru(limit);
    this.#domains = new Lru(limit);
  }

  /** Matching pods per node for a constraint's selector in `namespace`. */
  podCounts(constraint: Constraint, namespace: string): MatchingPodCounts {
    return this.#pods.get(constraint.memoKey, () => new MatchingPodCounts(constraint.selector, namespace));
  }

  get(
    constraint: Constraint,
    namespace: string,
    requireAllTopologies: readonly Constraint[] | undefined,
  ): DomainCounts {
    const key = `${constraint.memoKey}|${constraint.topologyKey}|${requireAllTopologies ? requireAllTopologies.map((c) => c.topologyKey).join(',') : '-'}`;
    return this.#domains.get(
      key,
      () => new DomainCounts(constraint, this.podCounts(constraint, namespace), requireAllTopologies),
    );
  }
}

class Lru<T> {
  readonly #entries = new Map<string, T>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string, make: () => T): T {
    let entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Most recently used last: the oldest goes first when the cache is full.
      this.#entries.delete(key);
    } else {
      if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
      entry = make();
    }
    this.#entries.set(key, entry);
    return entry;
  }
}
