// JSON request bodies, decoded as upstream's decoder sees them: the native parser does the work,
// a second pass finds duplicate object keys (upstream's strict decoding reports them as
// `duplicate field "metadata.name"`), and syntax errors are worded as Go's encoding/json words
// them (`invalid character '}' looking for beginning of object key string`), which is what
// clients see in upstream's BadRequest messages.

export interface JsonDecodeOptions {
  /** Also find duplicate keys (for fieldValidation Strict and Warn). */
  strict?: boolean;
}

export interface JsonDecodeResult {
  value: unknown;
  /** Paths of keys that appear twice in one object (`metadata.labels.a`, `items[1].name`), in document order. */
  duplicateFields: string[];
}

/** A syntax error, with Go's message and the byte offset where the decoder stopped. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

const decoder = new TextDecoder();

/** Decodes a JSON body (bytes or text). Throws JsonSyntaxError for malformed input. */
export function decodeJson(input: Uint8Array | string, options: JsonDecodeOptions = {}): JsonDecodeResult {
  const text = typeof input === 'string' ? input : decoder.decode(input);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw goSyntaxError(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  }
  // Go refuses nesting deeper than 10000 (and our recursive walkers could not follow it): only a
  // text of 20002 characters or more can nest that deep, so small bodies skip the scan.
  if (!options.strict && text.length <= 2 * MAX_DEPTH + 1) return { value, duplicateFields: [] };
  const duplicates = withinDepthWithoutDuplicates(text) ? [] : scanStructure(text, options.strict === true);
  return { value, duplicateFields: duplicates };
}

const MAX_DEPTH = 10000;

/** Past this many keys an object's keys are looked up in a Set rather than its key list. */
const LINEAR_KEYS = 16;

// The quick pass's state, kept between calls (it runs synchronously, one text at a time): per
// depth whether an object and where its keys start in the flat key lists below, which hold the
// offset and length of every key of the objects open at the moment.
const quickIsObject: boolean[] = [];
const quickFirstKey: number[] = [];
const quickKeyStart: number[] = [];
const quickKeyLength: number[] = [];
/** Past this many keys in one object the quick pass gives up (its key search is linear). */
const QUICK_KEYS = 64;

/**
 * True when a text already known to be valid JSON nests no deeper than the maximum and has no
 * object with a key twice: the common case, answered without allocating (keys are compared in
 * place, by offset and length). False when it could not tell (a key spelled with `\u` or `\/`,
 * a very wide object, the maximum depth) or found a duplicate: scanStructure then answers.
 *
 * Keys are compared as written. That is exact while no key uses `\u` or `\/`: every other
 * character has one spelling only (`"`, `\` and control characters must be escaped, and
 * `\b \f \n \r \t` are their only short escapes), so two such keys are equal decoded
 * exactly when they are equal as written.
 */
function withinDepthWithoutDuplicates(text: string): boolean {
  // Strings before the next backslash have no escape: their end is the next quote.
  let nextBackslash = text.indexOf('\\');
  if (nextBackslash < 0) nextBackslash = text.length;
  let depth = 0;
  let top = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      if (nextBackslash < end) {
        // An escape in this string: step from backslash to backslash (each escapes the character
        // after it) until a quote comes before the next backslash.
        let k = nextBackslash;
        for (;;) {
          const escaped = text.charCodeAt(k + 1);
          if (expectKey && (escaped === 0x75 /* u */ || escaped === 0x2f) /* / */) return false;
          end = text.indexOf('"', k + 2);
          k = text.indexOf('\\', k + 2);
          if (k < 0 || k > end) break;
        }
        nextBackslash = k < 0 ? text.length : k;
      }
      if (expectKey) {
        const start = i + 1;
        const length = end - start;
        const first = quickFirstKey[depth - 1]!;
        if (top - first >= QUICK_KEYS) return false;
        for (let k = first; k < top; k++) {
          if (quickKeyLength[k] === length && sameText(text, quickKeyStart[k]!, start, length)) return false;
        }
        quickKeyStart[top] = start;
        quickKeyLength[top] = length;
        top++;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= MAX_DEPTH) return false;
      quickIsObject[depth] = c === 0x7b;
      quickFirstKey[depth] = top;
      depth++;
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      top = quickFirstKey[depth]!;
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      if (quickIsObject[depth - 1]) expectKey = true;
    }
  }
  return true;
}

function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** Duplicate keys of a text already known to be valid JSON. */
export function findDuplicateKeys(text: string): string[] {
  return scanStructure(text, true);
}

/**
 * One pass over a text already known to be valid JSON: throws past the maximum depth, and
 * collects duplicate keys when asked (a key's string is only decoded when it holds an escape).
 * Nesting is kept in arrays indexed by depth and reused (no allocation per object); an object's
 * keys are searched in a list, or a Set once it has many.
 */
function scanStructure(text: string, duplicatesToo: boolean): string[] {
  const duplicates: string[] = [];
  // Per depth (0 = outermost): whether an object, its current key or index, the keys seen so far.
  const isObject: boolean[] = [];
  const at: (string | number)[] = [];
  const keys: string[][] = [];
  const keySets: (Set<string> | undefined)[] = [];
  let depth = 0;
  // Whether the next string in the current object is a key.
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // The closing quote is the first one not escaped by an odd run of backslashes.
      let j = text.indexOf('"', i + 1);
      let escaped = false;
      for (;;) {
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if (k !== j - 1) escaped = true;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (expectKey && duplicatesToo) {
        const raw = text.slice(i + 1, j);
        const key = escaped || raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const d = depth - 1;
        const seen = keys[d]!;
        let set = keySets[d];
        if (set === undefined && seen.length >= LINEAR_KEYS) keySets[d] = set = new Set(seen);
        if (set ? set.has(key) : seen.includes(key)) duplicates.push(pathOf(isObject, at, d, key));
        else {
          seen.push(key);
          set?.add(key);
        }
        at[d] = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      if (depth >= MAX_DEPTH) throw new JsonSyntaxError('exceeded max depth', i);
      isObject[depth] = true;
      at[depth] = '';
      if (duplicatesToo) {
        const seen = keys[depth];
        if (seen === undefined) keys[depth] = [];
        else seen.length = 0;
        keySets[depth] = undefined;
      }
      depth++;
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      if (depth >= MAX_DEPTH) throw new JsonSyntaxError('exceeded max depth', i);
      isObject[depth] = false;
      at[depth] = 0;
      depth++;
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      // (An empty object left this set: the next string, an array item, is no key.)
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const d = depth - 1;
      if (isObject[d]) expectKey = true;
      else at[d] = (at[d] as number) + 1;
    }
  }
  return duplicates;
}

/** The path of `key` in the object at depth `d`: the keys and indices of the levels above it. */
function pathOf(isObject: boolean[], at: (string | number)[], d: number, key: string): string {
  let path = '';
  for (let i = 0; i < d; i++) {
    const step = at[i]!;
    path = !isObject[i] ? `${path}[${step}]` : path === '' ? (step as string) : `${path}.${step}`;
  }
  return path === '' ? key : `${path}.${key}`;
}

// --- Go's encoding/json scanner, for its error messages -------------------------------------

function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = {
    7: '\\a',
    8: '\\b',
    12: '\\f',
    10: '\\n',
    13: '\\r',
    9: '\\t',
    11: '\\v',
    92: '\\\\',
  };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && c < 0xa0) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  if (c === 0xad) return "'\\u00ad'";
  return `'${String.fromCharCode(c)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's scanner over `bytes`: throws the first error it reports. */
function scan(bytes: Uint8Array): void {
  // 'k': in an object, after a key; 'v': in an object, after a value; 'a': in an array.
  const stack: ('k' | 'v' | 'a')[] = [];
  let i = 0;
  const fail = (what: string) => new JsonSyntaxError(`invalid character ${quoteChar(bytes[i]!)} ${what}`, i);
  const eof = () => new JsonSyntaxError('unexpected end of JSON input', bytes.length);
  const skipSpace = () => {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= bytes.length) throw eof();
      if (bytes[i] !== word.charCodeAt(k)) throw fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const digits = () => {
    while (i < bytes.length && isDigit(bytes[i]!)) i++;
  };
  const number = () => {
    if (bytes[i] === 0x2d) {
      i++;
      if (i >= bytes.length) throw eof();
      if (!isDigit(bytes[i]!)) throw fail('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else digits();
    if (bytes[i] === 0x2e) {
      i++;
      if (i >= bytes.length) throw eof();
      if (!isDigit(bytes[i]!)) throw fail('after decimal point in numeric literal');
      digits();
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (i >= bytes.length) throw eof();
      if (!isDigit(bytes[i]!)) throw fail('in exponent of numeric literal');
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= bytes.length) throw eof();
      const c = bytes[i]!;
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        if (i >= bytes.length) throw eof();
        const e = bytes[i]!;
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= bytes.length) throw eof();
            if (!isHex(bytes[i]!)) throw fail('in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(String.fromCharCode(e))) {
          throw fail('in string escape code');
        }
      } else if (c < 0x20) {
        throw fail('in string literal');
      }
      i++;
    }
  };
  const push = (frame: 'k' | 'a') => {
    stack.push(frame);
    if (stack.length > 10000) throw new JsonSyntaxError('exceeded max depth', i);
  };
  // Reads a value starting at i; returns whether it is complete (false: inside a new object, after its first key).
  const beginValue = (): boolean => {
    for (;;) {
      skipSpace();
      if (i >= bytes.length) throw eof();
      const c = bytes[i]!;
      if (c === 0x7b) {
        i++;
        push('k');
        skipSpace();
        if (i >= bytes.length) throw eof();
        if (bytes[i] === 0x7d) {
          i++;
          stack.pop();
          return true;
        }
        if (bytes[i] !== 0x22) throw fail('looking for beginning of object key string');
        string();
        return false;
      }
      if (c === 0x5b) {
        i++;
        push('a');
        skipSpace();
        if (i >= bytes.length) throw eof();
        if (bytes[i] === 0x5d) {
          i++;
          stack.pop();
          return true;
        }
        continue;
      }
      if (c === 0x22) string();
      else if (c === 0x2d || isDigit(c)) number();
      else if (c === 0x74) literal('true');
      else if (c === 0x66) literal('false');
      else if (c === 0x6e) literal('null');
      else throw fail('looking for beginning of value');
      return true;
    }
  };
  let complete = beginValue();
  for (;;) {
    skipSpace();
    if (stack.length === 0 && complete) {
      if (i < bytes.length) throw fail('after top-level value');
      return;
    }
    if (i >= bytes.length) throw eof();
    const top = stack[stack.length - 1]!;
    const c = bytes[i]!;
    if (top === 'k' && !complete) {
      if (c !== 0x3a) throw fail('after object key');
      i++;
      stack[stack.length - 1] = 'v';
      complete = beginValue();
      continue;
    }
    if (top === 'v') {
      if (c === 0x2c) {
        i++;
        stack[stack.length - 1] = 'k';
        skipSpace();
        if (i >= bytes.length) throw eof();
        if (bytes[i] !== 0x22) throw fail('looking for beginning of object key string');
        string();
        complete = false;
        continue;
      }
      if (c === 0x7d) {
        i++;
        stack.pop();
        complete = true;
        continue;
      }
      throw fail('after object key:value pair');
    }
    // array
    if (c === 0x2c) {
      i++;
      complete = beginValue();
      continue;
    }
    if (c === 0x5d) {
      i++;
      stack.pop();
      complete = true;
      continue;
    }
    throw fail('after array element');
  }
}

/** The error Go's encoding/json reports first for malformed `bytes`. */
export function goSyntaxError(bytes: Uint8Array): JsonSyntaxError {
  try {
    scan(bytes);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  // Go's scanner accepts what the native parser refused (it should not happen): say so plainly.
  return new JsonSyntaxError('invalid JSON', 0);
}
