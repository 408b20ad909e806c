// Counts of matching pods per topology domain: topologyKey → label value → count. Nested maps
// so the per-node checks in Filter look values up without building keys.
import type { Labels } from '../../../machinery/labels.ts';

export class TopologyCounts {
  readonly byKey = new Map<string, Map<string, number>>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Adds `delta` to the domain of `node` for `key` (nothing when the node lacks the label); drops zeros. */
  update(nodeLabels: Labels, key: string, delta: number): void {
    const value = nodeLabels[key];
    if (value === undefined) return;
    let values = this.byKey.get(key);
    if (!values) this.byKey.set(key, (values = new Map()));
    const n = (values.get(value) ?? 0) + delta;
    if (n === 0) {
      values.delete(value);
      if (values.size === 0) this.byKey.delete(key);
    } else values.set(value, n);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, m] of this.byKey) c.byKey.set(k, new Map(m));
    return c;
  }
}
