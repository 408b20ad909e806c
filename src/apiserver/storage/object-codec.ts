// Objects at rest: JSON bytes in their storage version, without metadata.resourceVersion
// (the store's modRevision is the resourceVersion, stamped on every read, as upstream's etcd3
// storage does).
import type { KubeObject } from '../../api/strategy.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeObject(obj: KubeObject): Uint8Array {
  const meta = obj.metadata;
  if (meta?.resourceVersion === undefined) return encoder.encode(JSON.stringify(obj));
  const { resourceVersion: _dropped, ...rest } = meta;
  return encoder.encode(JSON.stringify({ ...obj, metadata: rest }));
}

/** Decodes a stored value and stamps `metadata.resourceVersion` with `revision`. */
export function decodeObject(bytes: Uint8Array, revision: number): KubeObject {
  const obj = JSON.parse(decoder.decode(bytes)) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** Storage key of an object: `/registry/<resource>/[<namespace>/]<name>`. */
export function objectKey(prefix: string, namespace: string, name: string): string {
  return namespace ? `${prefix}${namespace}/${name}` : `${prefix}${name}`;
}

/**
 * The storage prefix a key belongs to: `/registry/pods/` for built-in kinds,
 * `/registry/<group>/<resource>/` for custom resources (their groups always contain a dot).
 */
export function prefixOfKey(key: string): string {
  const first = key.indexOf('/', 10); // after '/registry/'
  if (first < 0) return key;
  const segment = key.slice(10, first);
  if (!segment.includes('.')) return key.slice(0, first + 1);
  const second = key.indexOf('/', first + 1);
  return second < 0 ? key : key.slice(0, second + 1);
}
