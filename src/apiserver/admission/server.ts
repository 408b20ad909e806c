// What admission plugins may read: cached objects of any resource (after the cache is fresh).
import type { KubeObject } from '../../api/strategy.ts';
import type { AdmissionAttributes } from '../registry/context.ts';
import type { CacheDispatcher } from '../storage/cache-dispatcher.ts';

export interface AdmissionServer {
  dispatcher: CacheDispatcher;
}

/** A cached object by storage prefix and name (cluster-scoped when `namespace` is ''). */
export function cachedObject(
  server: AdmissionServer,
  prefix: string,
  namespace: string,
  name: string,
): KubeObject | undefined {
  const key = namespace ? `${prefix}${namespace}/${name}` : `${prefix}${name}`;
  return server.dispatcher.cacheFor(prefix).get(key);
}

/** Like cachedObject, but waits for the cache to catch up with the store first when the object is missing. */
export async function freshObject(
  server: AdmissionServer,
  prefix: string,
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  const hit = cachedObject(server, prefix, namespace, name);
  if (hit) return hit;
  await server.dispatcher.waitFresh();
  return cachedObject(server, prefix, namespace, name);
}

/** A pod being created (not a subresource of one): what the pod-defaulting plugins act on. */
export function isPodCreate(attrs: AdmissionAttributes): boolean {
  return (
    attrs.operation === 'CREATE' &&
    attrs.resource.group === '' &&
    attrs.resource.resource === 'pods' &&
    !attrs.subresource
  );
}
