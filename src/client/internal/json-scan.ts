// Reading a few fields of an API object's JSON text without parsing all of it: a writer that
// needs only the name or resourceVersion of what it wrote (a generated pod name, a Lease's new
// version) paid for building the whole object — spec, status, managedFields — on every write.
// Member boundaries are found by scanning character codes (strings, brackets, commas) without
// building anything; only the wanted values are parsed. A scan costs about as much per character
// as JSON.parse, so it pays where most of the text is skipped. Anything unexpected (not an
// object where one should be, text cut short) answers undefined and the caller parses it whole.

import { BACKSLASH, COLON, COMMA, isSpace, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-chars.ts';

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string whose opening quote is at `i`, or -1. */
function skipString(text: string, i: number): number {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  return -1;
}

/** Index just past the JSON value that starts at `i` (no leading space), or -1. */
export function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first !== LBRACE && first !== LBRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === RBRACE || c === RBRACKET || isSpace(c)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = skipString(text, j);
      if (j < 0) return -1;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return -1;
}

/**
 * The fields of an object's `metadata` whose values are strings or numbers (name, namespace, uid,
 * resourceVersion, generation, creationTimestamp, ...), parsed from the text alone: labels,
 * annotations, ownerReferences, managedFields and everything outside metadata are stepped over,
 * never built. Undefined when the text is not an object with a metadata object.
 * Usage: `scalarMetadata(answerText)?.resourceVersion`.
 */
export function scalarMetadata(text: string): Record<string, string | number> | undefined {
  const start = memberValueStart(text, skipSpace(text, 0), 'metadata');
  if (start < 0 || text.charCodeAt(start) !== LBRACE) return undefined;
  const fields: Record<string, string | number> = {};
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === RBRACE) return fields;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return undefined;
    const colon = skipSpace(text, keyEnd);
    if (text.charCodeAt(colon) !== COLON) return undefined;
    const valueStart = skipSpace(text, colon + 1);
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return undefined;
    const first = text.charCodeAt(valueStart);
    if (first === QUOTE || first === 0x2d || (first >= 0x30 && first <= 0x39)) {
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      fields[key] = JSON.parse(text.slice(valueStart, valueEnd)) as string | number;
    }
    const next = skipSpace(text, valueEnd);
    const c = text.charCodeAt(next);
    if (c === RBRACE) return fields;
    if (c !== COMMA) return undefined;
    i = skipSpace(text, next + 1);
  }
}

/**
 * Where the value of the member `name` of the object whose `{` is at `objectStart` begins,
 * looking only at that object's own keys; -1 when absent or when the text is not an object.
 */
export function memberValueStart(text: string, objectStart: number, name: string): number {
  if (text.charCodeAt(objectStart) !== LBRACE) return -1;
  const quotedKey = `"${name}"`;
  let i = skipSpace(text, objectStart + 1);
  if (text.charCodeAt(i) === RBRACE) return -1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return -1;
    const colon = skipSpace(text, keyEnd);
    if (text.charCodeAt(colon) !== COLON) return -1;
    const valueStart = skipSpace(text, colon + 1);
    if (keyEnd - i === quotedKey.length && text.startsWith(quotedKey, i)) return valueStart;
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return -1;
    const next = skipSpace(text, valueEnd);
    if (text.charCodeAt(next) !== COMMA) return -1; // '}' (not found) or malformed
    i = skipSpace(text, next + 1);
  }
}
