// Matching pods per topology domain over all nodes, kept between scheduling cycles.
// PreScore of PodTopologySpread counts, for every non-hostname constraint, the pods that match
// the constraint's selector in each domain over *all* nodes (upstream's processAllNode). Done
// afresh, that is O(nodes) per pod: with 5,000 nodes and a 10,000-replica Deployment, 50 million
// node visits, most of the scheduler's time. Consecutive pods of one workload share the
// constraint, and between two cycles only a few nodes change (the pod just assumed, a few
// informer events), so a DomainCounts remembers each node's contribution with the node's
// generation and re-counts only the nodes whose generation moved.
import type { NodeInfo } from '../../framework/node-info.ts';
import { type Constraint, countMatching } from './constraints.ts';

/** A node's share of a constraint's domain counts (undefined domain: the node does not count). */
type Contribution = { domain: string | undefined; count: number };

export class DomainCounts {
  /** The snapshot's node list these contributions are for (a new list means a rebuild). */
  #nodes: readonly NodeInfo[] = [];
  #generations: number[] = [];
  #contributions: Contribution[] = [];
  /** Domain value → matching pods on the counted nodes of that domain. */
  readonly totals = new Map<string, number>();
  readonly #constraint: Constraint;
  readonly #namespace: string;
  readonly #requireAllTopologies: readonly Constraint[] | undefined;

  /**
   * For a constraint whose node inclusion does not depend on the pod (nodeAffinityPolicy Honor
   * only for pods without required node affinity, nodeTaintsPolicy Ignore): the cache key is then
   * the constraint's selector, namespace and topology key. `requireAllTopologies` lists the
   * constraints whose keys a node must all carry to count (upstream's requireAllTopologies).
   */
  constructor(
    constraint: Constraint,
    namespace: string,
    requireAllTopologies: readonly Constraint[] | undefined,
  ) {
    this.#constraint = constraint;
    this.#namespace = namespace;
    this.#requireAllTopologies = requireAllTopologies;
  }

  /** Brings the totals up to date with `all` (the snapshot's node list) and returns them. */
  update(all: readonly NodeInfo[]): ReadonlyMap<string, number> {
    if (all !== this.#nodes || all.length !== this.#generations.length) {
      this.#nodes = all;
      this.#generations = new Array<number>(all.length).fill(-1);
      this.#contributions = new Array<Contribution>(all.length);
      this.totals.clear();
    }
    const generations = this.#generations;
    for (let i = 0; i < all.length; i++) {
      const node = all[i]!;
      if (generations[i] === node.generation) continue;
      generations[i] = node.generation;
      const old = this.#contributions[i];
      if (old?.domain !== undefined) this.#add(old.domain, -old.count);
      const next = this.#contribution(node);
      this.#contributions[i] = next;
      if (next.domain !== undefined) this.#add(next.domain, next.count);
    }
    return this.totals;
  }

  #contribution(node: NodeInfo): Contribution {
    const keys = this.#requireAllTopologies;
    if (keys) for (const c of keys) if (node.labels[c.topologyKey] === undefined) return NOT_COUNTED;
    const domain = node.labels[this.#constraint.topologyKey];
    if (domain === undefined) return NOT_COUNTED;
    return { domain, count: countMatching(node, this.#constraint, this.#namespace) };
  }

  #add(domain: string, delta: number): void {
    this.totals.set(domain, (this.totals.get(domain) ?? 0) + delta);
  }
}

const NOT_COUNTED: Contribution = { domain: undefined, count: 0 };

/**
 * DomainCounts per constraint identity, a bounded number of them (each holds one entry per
 * node): workloads come and go, and a cache miss only costs one full count.
 */
export class DomainCountsCache {
  readonly #entries = new Map<string, DomainCounts>();
  readonly #limit: number;

  constructor(limit = 16) {
    this.#limit = limit;
  }

  get(
    constraint: Constraint,
    namespace: string,
    requireAllTopologies: readonly Constraint[] | undefined,
  ): DomainCounts {
    const key = `${constraint.memoKey}|${constraint.topologyKey}|${requireAllTopologies ? requireAllTopologies.map((c) => c.topologyKey).join(',') : '-'}`;
    let entry = this.#entries.get(key);
    if (entry) {
      // Most recently used last: the oldest goes first when the cache is full.
      this.#entries.delete(key);
    } else {
      if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
      entry = new DomainCounts(constraint, namespace, requireAllTopologies);
    }
    this.#entries.set(key, entry);
    return entry;
  }
}
