// The minimal shape the client relies on in any object: typed kinds from `kubernetes-types`
// (Pod, Node, ...) and plain `KubeObject`s both fit it.

/** Owner reference fields the client reads (controller ownership, garbage collection). */
export interface OwnerReferenceLike {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/** Object metadata fields the client reads. */
export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
  ownerReferences?: OwnerReferenceLike[];
  deletionTimestamp?: string;
}

/** Any API object: apiVersion/kind/metadata plus whatever the kind adds. */
export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
}

/** A list answer (`PodList`, ...): items plus the list's resourceVersion and paging token. */
export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** The cache key of an object, `namespace/name` or `name` (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: ObjectLike): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

/** Splits a key made by objectKey. Usage: `const { namespace, name } = splitKey('default/web')`. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The owner reference with `controller: true`, if any. */
export function controllerOf(obj: ObjectLike): OwnerReferenceLike | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}
