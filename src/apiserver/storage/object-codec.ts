// Objects at rest: JSON bytes in their storage version, without metadata.resourceVersion
// (the store's modRevision is the resourceVersion, stamped on every read, as upstream's etcd3
// storage does).
import type { KubeObject } from '../../api/strategy.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What this process wrote, by the bytes it wrote: the object as encoded (its own root and
 * metadata, members shared with the caller's object), from which the watch cache's copy is made
 * when the write is committed. For our own writes (an in-process store hands the same bytes to
 * its watchers, synchronously at commit) that copy costs a fraction of a JSON parse. Taken once,
 * then forgotten; bytes from elsewhere (etcd, another server) are parsed.
 */
interface Written {
  readonly stored: KubeObject;
  /** The stored text cut around its metadata (undefined: no metadata object to stamp). */
  readonly parts: TextParts | undefined;
  /** Whether `stored` is its own JSON round trip, once known (the copy or stampWritten found out). */
  plain?: boolean;
  /** The watch cache copy's text entry: the written object's has the same text, built once for both. */
  copyText?: RenderedText;
}

interface RenderedText {
  parts: TextParts;
  revision: string;
  text?: string;
}

const written = new WeakMap<Uint8Array, Written>();

export function encodeObject(obj: KubeObject): Uint8Array {
  const meta = obj.metadata;
  // A root (and metadata) of its own: the writer stamps the revision into obj's, the watch
  // cache into these, and the members below are shared with obj.
  const stored: KubeObject = { ...obj };
  if (isPlainObject(meta)) {
    const { resourceVersion: _dropped, ...rest } = meta;
    stored.metadata = rest;
  }
  // The watch cache's copy shares with `obj` whatever is plain JSON already (nearly all of it)
  // below the root and metadata, and deep-freezes it: the caller must not change the written
  // object's members afterwards (nothing does: the response is its stored text).
  const parts = 'toJSON' in stored ? undefined : textParts(stored);
  const bytes = encoder.encode(parts ? parts.head + parts.meta + parts.tail : JSON.stringify(stored));
  const record: Written = { stored, parts };
  written.set(bytes, record);
  if (parts) writtenObjects.set(obj, record);
  return bytes;
}

/**
 * The stored JSON text of an object, cut around its metadata: the text of the object with its
 * revision is then `head + meta (with "resourceVersion" last) + tail`, so that the response to a
 * write and the watch event of the same revision reuse the text written to the store instead of
 * encoding the object twice more.
 */
interface TextParts {
  readonly head: string;
  readonly meta: string;
  readonly tail: string;
}

/** What was written, by the written object (for the response's text). */
const writtenObjects = new WeakMap<KubeObject, Written>();

/** The JSON text of objects that carry a revision, from their stored text. */
const rendered = new WeakMap<KubeObject, RenderedText>();

/**
 * JSON.stringify(stored) member by member (the same text for plain JSON values), keeping the
 * metadata member apart; undefined when there is no metadata object to stamp a revision into.
 */
function textParts(stored: KubeObject): TextParts | undefined {
  const metadata = (stored as Record<string, unknown>).metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  let head = '{';
  let meta = '';
  let tail = '';
  let seenMeta = false;
  let first = true;
  const src = stored as Record<string, unknown>;
  for (const key of Object.keys(src)) {
    const text = JSON.stringify(src[key]);
    if (text === undefined) continue; // undefined, functions, symbols: left out, as JSON.stringify does
    const member = `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'metadata') {
      head += member;
      meta = text;
      seenMeta = true;
    } else if (seenMeta) tail += member + text;
    else head += member + text;
  }
  return { head, meta, tail: `${tail}}` };
}

/**
 * Sets `metadata.resourceVersion` of an object this process just wrote (its last metadata key,
 * where a decoded copy of the stored bytes has it too) and remembers its JSON text.
 */
export function stampWritten(obj: KubeObject, revision: number): void {
  const meta = (obj.metadata ??= {});
  const record = writtenObjects.get(obj);
  writtenObjects.delete(obj);
  delete meta.resourceVersion;
  meta.resourceVersion = String(revision);
  if (!record?.parts) return;
  // Known when the watch cache took its copy at commit; else (etcd) found out now.
  record.plain ??= sharedCopy(record.stored, undefined) !== NOT_JSON;
  // The stored text is JSON.stringify's only for plain JSON (a Date member, say, would differ).
  if (!record.plain) return;
  const shared = record.copyText;
  rendered.set(
    obj,
    shared?.revision === meta.resourceVersion
      ? shared
      : { parts: record.parts, revision: meta.resourceVersion },
  );
}

/**
 * The JSON text of an object as written or as the watch cache decoded it, with its revision,
 * when known (equal to JSON.stringify of the object, which must not have changed since).
 */
export function renderedText(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const r = rendered.get(obj as KubeObject);
  if (!r) return undefined;
  if (r.text === undefined) {
    const { head, meta, tail } = r.parts;
    const stamp = `"resourceVersion":"${r.revision}"}`;
    r.text = head + (meta === '{}' ? `{${stamp}` : `${meta.slice(0, -1)},${stamp}`) + tail;
  }
  return r.text;
}

/** Drops what renderedText keeps for `obj` (the watch cache's objects live long: their text would double their memory). */
export function forgetRendered(obj: KubeObject): void {
  rendered.delete(obj);
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
  const record = written.get(bytes);
  if (record === undefined) return decodeObject(bytes, revision);
  written.delete(bytes);
  // The stored root and metadata are this record's own: stamped in place, then copied (only
  // if JSON would rewrite something) and frozen together with everything below.
  const stored = record.stored;
  stored.metadata ??= {};
  if (isPlainObject(stored.metadata)) stored.metadata.resourceVersion = String(revision);
  const frozen: object[] = [];
  const copy = sharedCopy(stored, frozen);
  record.plain = copy !== NOT_JSON;
  if (copy === NOT_JSON) return decodeObject(bytes, revision);
  for (let i = 0; i < frozen.length; i++) Object.freeze(frozen[i]);
  const obj = copy as KubeObject;
  // The copy has the stored members in order, its revision last in metadata: the stored text fits.
  if (record.parts) {
    record.copyText = { parts: record.parts, revision: String(revision) };
    rendered.set(obj, record.copyText);
  }
  return obj;
}

const NOT_JSON = Symbol('not plain JSON');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A value equal to `JSON.parse(JSON.stringify(value))`, or NOT_JSON for anything where the two
 * could differ (class instances, toJSON, non-finite numbers, holes or undefined in arrays): the
 * caller then parses. It copies only what must change: a value that is its own JSON round trip (plain
 * objects and arrays of strings, booleans, finite numbers and null; frozen subtrees are the
 * cache's and pass) is returned as it is, and an object or array is copied only when something
 * below it differs (an undefined member left out, -0 written as 0). Every object and array of
 * the result not frozen yet is added to `toFreeze` (the caller freezes them once the whole value
 * turned out to be plain JSON: one walk for the copy and the freeze).
 */
function sharedCopy(value: unknown, toFreeze: object[] | undefined): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return NOT_JSON;
      return value === 0 ? 0 : value; // -0 is written as 0
    case 'object': {
      if (value === null || Object.isFrozen(value)) return value;
      if (Array.isArray(value)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item = i in value ? sharedCopy(value[i], toFreeze) : NOT_JSON;
          if (item === NOT_JSON || item === undefined) return NOT_JSON;
          if (out === undefined && !Object.is(item, value[i])) out = value.slice(0, i);
          if (out !== undefined) out[i] = item;
        }
        const array = out ?? value;
        toFreeze?.push(array);
        return array;
      }
      if (!isPlainObject(value) || 'toJSON' in value) return NOT_JSON;
      // for-in over own keys (a plain object's prototype has no enumerable members): the keys
      // come from the map's enum cache, where Object.keys would allocate an array per object.
      let out: Record<string, unknown> | undefined;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const member = value[key];
        const v = sharedCopy(member, toFreeze);
        if (v === NOT_JSON) return NOT_JSON;
        if (out === undefined && (v === undefined || !Object.is(v, member))) {
          // The members before this one are unchanged: copied as they are.
          out = {};
          for (const before in value) {
            if (before === key) break;
            if (Object.hasOwn(value, before)) setMember(out, before, value[before]);
          }
        }
        if (out !== undefined && v !== undefined) setMember(out, key, v);
      }
      const object = out ?? value;
      toFreeze?.push(object);
      return object;
    }
    default:
      return typeof value === 'bigint' ? NOT_JSON : undefined;
  }
}

function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  // A "__proto__" key (legal in JSON) stays a plain own property, as JSON.parse makes it.
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
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
