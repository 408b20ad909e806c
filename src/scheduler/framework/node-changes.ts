// Which nodes changed since a given moment (a generation number), so that per-node tables kept
// between scheduling cycles (matching pod counts, domain totals) touch only those nodes instead
// of checking every node of a 5,000-node cluster each cycle. The cache's NodeInfo objects record
// every change here (see NodeInfo.journal); the log is cut back when it grows, and whoever asks
// about a moment older than what it still holds is told so and rescans.
import type { NodeInfo } from './node-info.ts';

export class NodeChangeJournal {
  #nodes: NodeInfo[] = [];
  /** The generation each change gave its node: non-decreasing, as generations are. */
  #generations: number[] = [];
  /** Changes up to this generation were dropped. */
  #floor = 0;
  readonly #limit: number;

  constructor(limit = 1 << 16) {
    this.#limit = limit;
  }

  /** Called by a NodeInfo right after it took a new generation. */
  record(node: NodeInfo): void {
    this.#nodes.push(node);
    this.#generations.push(node.generation);
    if (this.#nodes.length > this.#limit) {
      const drop = this.#nodes.length >> 1;
      this.#floor = this.#generations[drop - 1]!;
      this.#nodes.splice(0, drop);
      this.#generations.splice(0, drop);
    }
  }

  /**
   * Calls `visit` for every change after `generation`, oldest first (a node changed twice comes
   * twice). Returns false, visiting nothing, when changes that recent are no longer all held.
   */
  changedSince(generation: number, visit: (node: NodeInfo) => void): boolean {
    if (generation < this.#floor) return false;
    const gens = this.#generations;
    let lo = 0;
    let hi = gens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gens[mid]! <= generation) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < gens.length; i++) visit(this.#nodes[i]!);
    return true;
  }
}
