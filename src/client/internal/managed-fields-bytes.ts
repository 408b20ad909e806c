// Finding `metadata.managedFields` in a watch event's bytes, so that a reader who drops them
// anyway (an informer with stripManagedFields, as the scheduler's and the controller manager's)
// never decodes them: they are ~40% of a pod event's text, and their keys (`k:{"uid":...}`),
// new on every pod, are the costliest part of JSON.parse. The scan runs over the bytes as they
// came off the socket (a byte loop costs a fraction of building the values) and steps over
// member values by counting brackets outside strings; anything unexpected answers undefined and
// the caller decodes the whole event.

import { BACKSLASH, COLON, COMMA, isSpace, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-chars.ts';

const KEY_OBJECT = new TextEncoder().encode('"object"');
const KEY_METADATA = new TextEncoder().encode('"metadata"');
const KEY_MANAGED_FIELDS = new TextEncoder().encode('"managedFields"');

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i]!)) i++;
  return i;
}

/** Index just past the string whose opening quote is at `i`, or -1. */
function skipString(b: Uint8Array, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = b[j]!;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  return -1;
}

/** Index just past the JSON value that starts at `i` (no leading space), or -1. */
function skipValue(b: Uint8Array, i: number, end: number): number {
  const first = b[i];
  if (first === QUOTE) return skipString(b, i, end);
  if (first !== LBRACE && first !== LBRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    while (j < end) {
      const c = b[j]!;
      if (c === COMMA || c === RBRACE || c === RBRACKET || isSpace(c)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < end; j++) {
    const c = b[j]!;
    if (c === QUOTE) {
      // Inline string skip: most of a managedFields value is short keys.
      for (j++; j < end; j++) {
        const s = b[j]!;
        if (s === QUOTE) break;
        if (s === BACKSLASH) j++;
      }
      if (j >= end) return -1;
    } else if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

function keyIs(b: Uint8Array, start: number, keyEnd: number, key: Uint8Array): boolean {
  if (keyEnd - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/** The member `key` of the object whose `{` is at `objectStart`: its key's start and value's start, or undefined. */
function member(
  b: Uint8Array,
  objectStart: number,
  end: number,
  key: Uint8Array,
): { keyStart: number; valueStart: number } | undefined {
  if (b[objectStart] !== LBRACE) return undefined;
  let i = skipSpace(b, objectStart + 1, end);
  if (b[i] === RBRACE) return undefined;
  for (;;) {
    if (b[i] !== QUOTE) return undefined;
    const keyEnd = skipString(b, i, end);
    if (keyEnd < 0) return undefined;
    const colon = skipSpace(b, keyEnd, end);
    if (b[colon] !== COLON) return undefined;
    const valueStart = skipSpace(b, colon + 1, end);
    if (keyIs(b, i, keyEnd, key)) return { keyStart: i, valueStart };
    const valueEnd = skipValue(b, valueStart, end);
    if (valueEnd < 0) return undefined;
    const next = skipSpace(b, valueEnd, end);
    if (b[next] !== COMMA) return undefined; // '}' (not found) or malformed
    i = skipSpace(b, next + 1, end);
  }
}

/**
 * The byte range [from, to) of the event in `b[start, end)` (`{"type":...,"object":{...}}`)
 * that holds the object's `metadata.managedFields` member with one of the commas around it:
 * decoding the bytes before and after it gives the event without managedFields. Undefined when
 * the object has none or the text is not shaped as expected.
 */
export function managedFieldsRange(
  b: Uint8Array,
  start: number,
  end: number,
): { from: number; to: number } | undefined {
  const object = member(b, skipSpace(b, start, end), end, KEY_OBJECT);
  if (!object) return undefined;
  const metadata = member(b, object.valueStart, end, KEY_METADATA);
  if (!metadata || b[metadata.valueStart] !== LBRACE) return undefined;
  const fields = member(b, metadata.valueStart, end, KEY_MANAGED_FIELDS);
  if (!fields) return undefined;
  const valueEnd = skipValue(b, fields.valueStart, end);
  if (valueEnd < 0) return undefined;
  const after = skipSpace(b, valueEnd, end);
  if (b[after] === COMMA) return { from: fields.keyStart, to: after + 1 };
  // The last member: the comma before the key goes (none when it is the only member).
  let before = fields.keyStart - 1;
  while (isSpace(b[before]!)) before--;
  return b[before] === COMMA ? { from: before, to: valueEnd } : { from: fields.keyStart, to: valueEnd };
}
