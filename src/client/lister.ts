// Read-only views of an informer's cache, as client-go's generated listers: list by label
// selector, get by namespace/name, look up an index. Returned objects are the cached ones:
// never mutate them (copy with structuredClone first).
import { type Indexer, NAMESPACE_INDEX } from './indexer.ts';
import type { ObjectLike } from './object.ts';
import { type LabelMatcher, type LabelSelectorInput, labelMatcher } from './selectors.ts';

/** A lister scoped to one namespace. */
export interface NamespaceLister<T> {
  list(selector?: LabelSelectorInput | LabelMatcher): T[];
  get(name: string): T | undefined;
}

/** Reads an Indexer. Usage: `informer.lister.namespace('ns').list({ app: 'web' })`, `lister.get('ns', 'name')`. */
export class Lister<T extends ObjectLike> {
  readonly #indexer: Indexer<T>;

  constructor(indexer: Indexer<T>) {
    this.#indexer = indexer;
  }

  /** Every cached object the selector matches (all when no selector). */
  list(selector?: LabelSelectorInput | LabelMatcher): T[] {
    const all = this.#indexer.list();
    if (selector === undefined) return all;
    const m = labelMatcher(selector);
    return all.filter((o) => m.matches(o.metadata?.labels));
  }

  /** `get(name)` for cluster-scoped objects, `get(namespace, name)` for namespaced ones. */
  get(namespaceOrName: string, name?: string): T | undefined {
    return this.#indexer.get(name === undefined ? namespaceOrName : `${namespaceOrName}/${name}`);
  }

  /** Objects whose index contains the value. Usage: `podLister.byIndex(NODE_NAME_INDEX, nodeName)`. */
  byIndex(indexName: string, value: string): T[] {
    return this.#indexer.byIndex(indexName, value);
  }

  /** A view of one namespace (uses the namespace index). */
  namespace(namespace: string): NamespaceLister<T> {
    const indexer = this.#indexer;
    return {
      list(selector) {
        let objs: T[];
        try {
          objs = indexer.byIndex(NAMESPACE_INDEX, namespace);
        } catch {
          objs = indexer.list().filter((o) => o.metadata?.namespace === namespace);
        }
        if (selector === undefined) return objs;
        const m = labelMatcher(selector);
        return objs.filter((o) => m.matches(o.metadata?.labels));
      },
      get(name) {
        return indexer.get(`${namespace}/${name}`);
      },
    };
  }
}
