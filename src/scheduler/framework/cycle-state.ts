// Per-cycle scratch space shared by the plugins of one scheduling attempt (upstream's
// CycleState): PreFilter computes something once, Filter reads it for every node. Each value
// knows how to copy itself, because preemption and nominated pods work on copies.

/** A value a plugin keeps in the cycle state. */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  readonly #data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  skipFilterPlugins: Set<string> = new Set();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  skipScorePlugins: Set<string> = new Set();
  /** The Filter plugins to run this cycle (set by the framework after PreFilter; null: all). */
  filters: unknown[] | null = null;

  read<T extends StateData>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.#data.set(key, value);
  }

  delete(key: string): void {
    this.#data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.#data) c.#data.set(k, v.clone());
    c.skipFilterPlugins = this.skipFilterPlugins;
    c.skipScorePlugins = this.skipScorePlugins;
    c.filters = this.filters;
    return c;
  }
}
