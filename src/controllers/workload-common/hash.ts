// Names derived from content, as upstream derives them: an FNV-1a 32-bit hash of the object
// (plus the collision count, so a name collision can be escaped by bumping it), printed in
// decimal and mapped onto a vowel-free alphabet (rand.SafeEncodeString), e.g. `7c79c4bf97`.
// Upstream hashes a dump of the Go struct; we hash canonical JSON (keys sorted), which is as
// stable and gives names of the same shape.

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits, over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `rand.SafeEncodeString`: each character mapped onto the vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted at every level (a stable serialization for hashing). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

const encoder = new TextEncoder();

/** The hash of some bytes plus an optional collision count (little-endian, 8 bytes as upstream writes it). */
function hashWithCollisions(text: string, collisionCount: number | undefined): number {
  let h = fnv32a(encoder.encode(text));
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  return h;
}

/**
 * `controller.ComputeHash`: the `pod-template-hash` / `controller-revision-hash` of a pod
 * template. Usage: `computeHash(deployment.spec.template, deployment.status?.collisionCount)`.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  return safeEncodeString(String(hashWithCollisions(canonicalJson(template), collisionCount)));
}

/** `history.HashControllerRevision`: the hash of a revision's data. */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  return safeEncodeString(String(hashWithCollisions(canonicalJson(data), collisionCount)));
}
