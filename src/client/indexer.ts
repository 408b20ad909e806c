// The informer's cache: objects by key (`namespace/name`), plus secondary indexes kept in step
// on every write (client-go's ThreadSafeStore + Indexers). JavaScript runs one thing at a time,
// so consistency only needs each method to finish its index updates before returning.
//
// Objects in the cache are shared with every reader and handler: never mutate them. Copy
// first (`structuredClone`) and write the copy through the API. With `freeze` (tests, dev mode)
// they are deep-frozen, so a mutation throws instead of silently corrupting the cache.
import { type ObjectLike, objectKey } from './object.ts';

/** Index values of an object (an object may have several, or none). */
export type IndexFunc<T> = (obj: T) => string[];

/** Names of the standard indexes. Usage: `lister.byIndex(NODE_NAME_INDEX, 'node-1')`. */
export const NAMESPACE_INDEX = 'namespace';
export const NODE_NAME_INDEX = 'spec.nodeName';
export const OWNER_UID_INDEX = 'ownerUid';

/** Index by `metadata.namespace` (client-go's MetaNamespaceIndexFunc). */
export function indexByNamespace(obj: ObjectLike): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** Index by `spec.nodeName` (pods on a node); unscheduled pods index under ''. */
export function indexByNodeName(obj: ObjectLike): string[] {
  const spec = (obj as { spec?: { nodeName?: string } }).spec;
  return [spec?.nodeName ?? ''];
}

/** Index by the uid of every owner reference (dependents of an owner). */
export function indexByOwnerUid(obj: ObjectLike): string[] {
  return (obj.metadata?.ownerReferences ?? []).map((r) => r.uid);
}

/** Deep-freezes an object graph. Usage: `deepFreeze(structuredClone(obj))`. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Whether cached objects are frozen by default: in dev mode (KTS_DEV=1) and under `node --test`. */
export function freezeByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KTS_DEV === '1' || env.NODE_TEST_CONTEXT !== undefined;
}

export interface IndexerOptions<T> {
  indexers?: Record<string, IndexFunc<T>>;
  keyFunc?: (obj: T) => string;
  /** Deep-freeze stored objects (default: freezeByDefault()). */
  freeze?: boolean;
}

/** A keyed object cache with secondary indexes. Usage: `new Indexer<Pod>({ indexers: { [NODE_NAME_INDEX]: indexByNodeName } })`. */
export class Indexer<T extends ObjectLike> {
  readonly keyFunc: (obj: T) => string;
  readonly freeze: boolean;
  readonly #items = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  /** Index name → index value → the objects (by key) with that value: byIndex reads them directly. */
  readonly #indices = new Map<string, Map<string, Map<string, T>>>();

  constructor(o: IndexerOptions<T> = {}) {
    this.keyFunc = o.keyFunc ?? objectKey;
    this.freeze = o.freeze ?? freezeByDefault();
    this.addIndexers(o.indexers ?? { [NAMESPACE_INDEX]: indexByNamespace });
  }

  /** Adds index functions; they are computed over the objects already stored. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.#indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
      this.#indexers.set(name, fn);
      const index = new Map<string, Map<string, T>>();
      this.#indices.set(name, index);
      for (const [key, obj] of this.#items) for (const v of fn(obj)) addTo(index, v, key, obj);
    }
  }

  /** Stores or replaces an object; returns the previous one. */
  upsert(obj: T): T | undefined {
    if (this.freeze) deepFreeze(obj);
    const key = this.keyFunc(obj);
    const old = this.#items.get(key);
    this.#items.set(key, obj);
    this.#reindex(key, old, obj);
    return old;
  }

  /** Removes an object (by object or key); returns what was stored. */
  delete(objOrKey: T | string): T | undefined {
    const key = typeof objOrKey === 'string' ? objOrKey : this.keyFunc(objOrKey);
    const old = this.#items.get(key);
    if (old === undefined) return undefined;
    this.#items.delete(key);
    this.#reindex(key, old, undefined);
    return old;
  }

  /** Replaces the whole content (a relist); returns the previous content by key. */
  replace(objs: T[]): Map<string, T> {
    const previous = new Map(this.#items);
    this.#items.clear();
    for (const index of this.#indices.values()) index.clear();
    for (const obj of objs) {
      if (this.freeze) deepFreeze(obj);
      const key = this.keyFunc(obj);
      this.#items.set(key, obj);
      this.#reindex(key, undefined, obj);
    }
    return previous;
  }

  /** The object stored under a key. */
  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  has(key: string): boolean {
    return this.#items.has(key);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Every stored object (a new array; the objects are shared). */
  list(): T[] {
    return [...this.#items.values()];
  }

  listKeys(): string[] {
    return [...this.#items.keys()];
  }

  /** Objects whose index `name` contains `value`. Usage: `indexer.byIndex(NODE_NAME_INDEX, 'node-1')`. */
  byIndex(name: string, value: string): T[] {
    const objects = this.#index(name).get(value);
    return objects ? [...objects.values()] : [];
  }

  /** Keys of the objects whose index `name` contains `value`. */
  indexKeys(name: string, value: string): string[] {
    return [...(this.#index(name).get(value)?.keys() ?? [])];
  }

  /** The values present in index `name`. */
  indexValues(name: string): string[] {
    return [...this.#index(name).keys()];
  }

  /** Objects sharing any value of index `name` with `obj` (client-go's Index). */
  index(name: string, obj: T): T[] {
    const fn = this.#indexers.get(name);
    if (!fn) throw new Error(`index with name ${name} does not exist`);
    const found = new Map<string, T>();
    for (const v of fn(obj)) for (const [k, o] of this.#index(name).get(v) ?? []) found.set(k, o);
    return [...found.values()];
  }

  #index(name: string): Map<string, Map<string, T>> {
    const index = this.#indices.get(name);
    if (!index) throw new Error(`index with name ${name} does not exist`);
    return index;
  }

  #reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name)!;
      const before = old ? fn(old) : [];
      const after = obj ? fn(obj) : [];
      for (const v of before) if (!after.includes(v)) removeFrom(index, v, key);
      for (const v of after) addTo(index, v, key, obj!);
    }
  }
}

function addTo<T>(index: Map<string, Map<string, T>>, value: string, key: string, obj: T): void {
  let objects = index.get(value);
  if (!objects) {
    objects = new Map();
    index.set(value, objects);
  }
  objects.set(key, obj);
}

function removeFrom<T>(index: Map<string, Map<string, T>>, value: string, key: string): void {
  const objects = index.get(value);
  if (!objects) return;
  objects.delete(key);
  if (objects.size === 0) index.delete(value);
}
