// Guards against acting on a cache that has not seen our own writes yet (upstream's
// EndpointSliceTracker): after creating, updating or deleting objects for a key, a later sync of
// that key waits until the informer shows at least those versions — otherwise a slice just
// created would look missing and be created twice.
import type { ObjectLike } from '../../client/index.ts';

function newer(a: string | undefined, b: string): boolean {
  // resourceVersions are the store's revisions here; compare as numbers when they are.
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x >= y;
  return a === b;
}

export class WriteTracker {
  readonly #expected = new Map<string, Map<string, string | null>>();

  /** We wrote `obj` (its resourceVersion) for `key`. */
  written(key: string, obj: ObjectLike): void {
    const name = obj.metadata?.name;
    const rv = obj.metadata?.resourceVersion;
    if (!name || !rv) return;
    this.#for(key).set(name, rv);
  }

  /** We deleted `name` for `key`. */
  deleted(key: string, name: string): void {
    this.#for(key).set(name, null);
  }

  /** Whether the cached objects of `key` lag behind what we wrote; forgets what they caught up with. */
  isStale(key: string, cached: readonly ObjectLike[]): boolean {
    const expected = this.#expected.get(key);
    if (!expected) return false;
    const byName = new Map(cached.map((o) => [o.metadata?.name ?? '', o]));
    let stale = false;
    for (const [name, rv] of expected) {
      const seen = byName.get(name);
      const caughtUp =
        rv === null ? seen === undefined : seen !== undefined && newer(seen.metadata?.resourceVersion, rv);
      if (caughtUp) expected.delete(name);
      else stale = true;
    }
    if (expected.size === 0) this.#expected.delete(key);
    return stale;
  }

  /** The informer saw `name` deleted: whatever we expected of it is moot. */
  observedDeletion(key: string, name: string): void {
    const expected = this.#expected.get(key);
    if (!expected?.has(name)) return;
    expected.delete(name);
    if (expected.size === 0) this.#expected.delete(key);
  }

  forget(key: string): void {
    this.#expected.delete(key);
  }

  #for(key: string): Map<string, string | null> {
    let m = this.#expected.get(key);
    if (!m) this.#expected.set(key, (m = new Map()));
    return m;
  }
}
