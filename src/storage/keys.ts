// Key order and key ranges shared by every backend.
//
// etcd orders keys by their UTF-8 bytes and SQLite's BINARY collation compares TEXT the same way,
// which is Unicode code point order. JavaScript's `<` compares UTF-16 code units instead: the two
// disagree when a character above U+FFFF (a surrogate pair) meets one in U+E000..U+FFFF. Paging
// mixes in-memory and on-disk reads, so every in-memory comparison uses `compareKeys`.
import { MAX_VALUE_BYTES, StoreError, ValueTooLargeError } from './store.ts';

/** Code point order of two strings (the UTF-8 byte order etcd and SQLite use). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates (the start of a code point ≥ U+10000) sort after U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  return unit + 0x2000;
}

/**
 * The smallest string greater than every string that starts with `prefix`, in code point order;
 * undefined when there is none (the empty prefix, or one made only of U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** True when `key` lies in the range of `prefix`. */
export function hasPrefix(key: string, prefix: string): boolean {
  return key.startsWith(prefix);
}

export class InvalidKeyError extends StoreError {
  override name = 'InvalidKeyError';
}

/** Keys are non-empty, well-formed Unicode (they become UTF-8 bytes in every backend). */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new InvalidKeyError('key must be a non-empty string');
  if (!key.isWellFormed())
    throw new InvalidKeyError(`key is not well-formed Unicode: ${JSON.stringify(key)}`);
}

export function checkValue(key: string, value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) throw new StoreError(`value for ${key} must be a Uint8Array`);
  if (value.byteLength > MAX_VALUE_BYTES) throw new ValueTooLargeError(key, value.byteLength);
}

export function checkTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds === undefined) return;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new StoreError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}
