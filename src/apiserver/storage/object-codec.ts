// Objects at rest: JSON bytes in their storage version, without metadata.resourceVersion
// (the store's modRevision is the resourceVersion, stamped on every read, as upstream's etcd3
// storage does).
import type { KubeObject } from '../../api/strategy.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What this process wrote, by the bytes it wrote: a private copy of the object equal to what
 * decoding the bytes gives. The watch cache decodes every write it sees; for our own writes (an
 * in-process store hands the same bytes to its watchers) a copy costs a tenth of a JSON parse.
 * Taken once, then forgotten; bytes from elsewhere (etcd, another server) are parsed.
 */
const written = new WeakMap<Uint8Array, KubeObject>();

export function encodeObject(obj: KubeObject): Uint8Array {
  const meta = obj.metadata;
  let stored = obj;
  if (meta?.resourceVersion !== undefined) {
    const { resourceVersion: _dropped, ...rest } = meta;
    stored = { ...obj, metadata: rest };
  }
  const bytes = encoder.encode(JSON.stringify(stored));
  const copy = jsonCopy(stored);
  if (copy !== NOT_JSON) written.set(bytes, copy as KubeObject);
  return bytes;
}

/** Decodes a stored value and stamps `metadata.resourceVersion` with `revision`. */
export function decodeObject(bytes: Uint8Array, revision: number): KubeObject {
  const obj = JSON.parse(decoder.decode(bytes)) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/**
 * `decodeObject` for a value that may have been written by this process, which then gets the
 * copy taken when it was encoded (once: the caller owns it).
 */
export function decodeWritten(bytes: Uint8Array, revision: number): KubeObject {
  const obj = written.get(bytes);
  if (obj === undefined) return decodeObject(bytes, revision);
  written.delete(bytes);
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

const NOT_JSON = Symbol('not plain JSON');

/**
 * A deep copy equal to `JSON.parse(JSON.stringify(value))`, or NOT_JSON for anything where the
 * two could differ (class instances, toJSON, non-finite numbers, holes or undefined in arrays):
 * the caller then parses.
 */
function jsonCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return NOT_JSON;
      return value === 0 ? 0 : value; // -0 is written as 0
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = i in value ? jsonCopy(value[i]) : NOT_JSON;
          if (item === NOT_JSON || item === undefined) return NOT_JSON;
          out[i] = item;
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) return NOT_JSON;
      const out: Record<string, unknown> = {};
      const src = value as Record<string, unknown>;
      for (const key of Object.keys(src)) {
        const v = jsonCopy(src[key]);
        if (v === NOT_JSON) return NOT_JSON;
        if (v === undefined) continue;
        // A "__proto__" key (legal in JSON) stays a plain own property, as JSON.parse makes it.
        if (key === '__proto__')
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        else out[key] = v;
      }
      return out;
    }
    default:
      // undefined, functions and symbols: JSON leaves the member out (arrays bail out above).
      return typeof value === 'bigint' ? NOT_JSON : undefined;
  }
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
