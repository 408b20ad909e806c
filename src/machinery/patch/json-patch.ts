// RFC 6902 JSON patch (`application/json-patch+json`), applied the way the API server applies
// it (gopkg.in/evanphx/json-patch.v4): negative array indices count from the end, `replace` of
// a missing object key adds it, `test` treats null and absent alike, `add` without a value adds
// null. Used by `kubectl patch --type=json` and `kubectl rollout undo`.
//
// Usage (the API server, PATCH with Content-Type application/json-patch+json):
//   const ops = parseJsonPatch(JSON.parse(body));          // 400 / 413 on a malformed patch
//   const patched = applyJsonPatch(liveObject, ops);       // 422 when an operation fails
//   // `patched` may be a non-object (e.g. `replace ""` with an array): decode/validate it as usual.
// With fieldValidation=Strict|Warn, `jsonPatchUnknownFields(body)` lists the strict-decoding errors.

import { requestEntityTooLarge } from '../status.ts';
import { jsonKindName } from './go-format.ts';
import { cloneJson, isJsonObject, jsonEqual, patchBadRequest, patchRejected } from './patch-errors.ts';

/** One operation as sent; fields are checked when the operation runs, as upstream does. */
export type JsonPatchOperation = Record<string, unknown> | null;

/** Upstream's cap on operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** Checks that a decoded body has the shape of a JSON patch (an array of objects). */
export function parseJsonPatch(body: unknown): JsonPatchOperation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) {
    throw patchBadRequest(
      `json: cannot unmarshal ${jsonKindName(body)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const op of body) {
    if (op !== null && !isJsonObject(op)) {
      throw patchBadRequest(
        `json: cannot unmarshal ${jsonKindName(op)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${body.length}`,
    );
  }
  return body as JsonPatchOperation[];
}

const KNOWN_OP_FIELDS = new Set(['op', 'path', 'from', 'value']);

/** The strict-decoding errors upstream reports for unknown fields in operations (fieldValidation=Strict|Warn). */
export function jsonPatchUnknownFields(ops: JsonPatchOperation[]): string[] {
  const errors: string[] = [];
  for (const op of ops) {
    for (const key of Object.keys(op ?? {})) {
      if (!KNOWN_OP_FIELDS.has(key)) errors.push(`json patch unknown field ${JSON.stringify(key)}`);
    }
  }
  return errors;
}

/** Applies the operations to a copy of `doc`; throws 422 (upstream's generic message) on the first failing one. */
export function applyJsonPatch(doc: unknown, ops: JsonPatchOperation[]): unknown {
  const box = { doc: cloneJson(doc) };
  for (const op of ops) {
    const failure = applyOperation(box, op ?? {});
    if (failure) throw patchRejected(failure);
  }
  return box.doc;
}

type Container = Record<string, unknown> | unknown[];
interface Box {
  doc: unknown;
}

function applyOperation(box: Box, op: Record<string, unknown>): string | undefined {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add':
      return opAdd(box, op);
    case 'remove':
      return opRemove(box, op);
    case 'replace':
      return opReplace(box, op);
    case 'move':
      return opMove(box, op);
    case 'test':
      return opTest(box, op);
    case 'copy':
      return opCopy(box, op);
    default:
      return `Unexpected kind: ${kind}`;
  }
}

/** Reads a string field of the operation: [value] or [undefined, error text]. */
function stringField(op: Record<string, unknown>, name: 'path' | 'from'): [string] | [undefined, string] {
  const v = op[name];
  if (v === undefined || v === null) {
    return [
      undefined,
      name === 'path'
        ? 'operation missing path field: missing value'
        : 'operation, missing from field: missing value',
    ];
  }
  if (typeof v !== 'string')
    return [undefined, `json: cannot unmarshal ${jsonKindName(v)} into Go value of type string`];
  return [v];
}

/** The value an operation carries; absent and null both mean null. */
function opValue(op: Record<string, unknown>): unknown {
  return op.value === undefined ? null : cloneJson(op.value);
}

function decodeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Go's strconv.Atoi. */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** The container holding the path's last token, and that token (upstream's findObject). */
function findParent(box: Box, path: string): { con: Container; key: string } | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  let con = box.doc;
  if (con === null || typeof con !== 'object') return undefined;
  for (const part of tokens.slice(1, -1)) {
    const next = get(con as Container, decodeToken(part));
    if (next.error !== undefined || next.value === undefined || next.value === null) return undefined;
    if (typeof next.value !== 'object') return undefined;
    con = next.value;
  }
  return { con: con as Container, key: decodeToken(tokens[tokens.length - 1]!) };
}

/** Reads a child; `value` undefined means absent (or null, which upstream treats alike). */
function get(con: Container, key: string): { value?: unknown; error?: string } {
  if (!Array.isArray(con)) return { value: Object.hasOwn(con, key) ? con[key] : undefined };
  const idx = arrayIndex(key, con.length - 1);
  return typeof idx === 'string' ? { error: idx } : { value: con[idx] };
}

/** Resolves an index (negative counts from the end); `max` is the largest valid index. */
function arrayIndex(key: string, max: number): number | string {
  const idx = atoi(key);
  if (idx === undefined) return `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;
  if (idx > max) return `Unable to access invalid index: ${idx}: invalid index referenced`;
  if (idx < 0) {
    if (idx < -(max + 1)) return `Unable to access invalid index: ${idx}: invalid index referenced`;
    return idx + max + 1;
  }
  return idx;
}

function add(con: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = value;
    return undefined;
  }
  if (key === '-') {
    con.push(value);
    return undefined;
  }
  if (atoi(key) === undefined) return `value was not a proper array index: '${key}'`;
  const idx = arrayIndex(key, con.length);
  if (typeof idx === 'string') return idx;
  con.splice(idx, 0, value);
  return undefined;
}

function remove(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete con[key];
    return undefined;
  }
  const idx = arrayIndex(key, con.length - 1);
  if (typeof idx === 'string') return idx;
  con.splice(idx, 1);
  return undefined;
}

function opAdd(box: Box, op: Record<string, unknown>): string | undefined {
  const [path] = stringField(op, 'path');
  if (path === undefined) return 'add operation failed to decode path: missing value';
  const parent = findParent(box, path);
  if (!parent) return `add operation does not apply: doc is missing path: "${path}": missing value`;
  const err = add(parent.con, parent.key, opValue(op));
  return err && `error in add for path: '${path}': ${err}`;
}

function opRemove(box: Box, op: Record<string, unknown>): string | undefined {
  const [path] = stringField(op, 'path');
  if (path === undefined) return 'remove operation failed to decode path: missing value';
  const parent = findParent(box, path);
  if (!parent) return `remove operation does not apply: doc is missing path: "${path}": missing value`;
  const err = remove(parent.con, parent.key);
  return err && `error in remove for path: '${path}': ${err}`;
}

function opReplace(box: Box, op: Record<string, unknown>): string | undefined {
  const [path, pathErr] = stringField(op, 'path');
  if (path === undefined) return `replace operation failed to decode path: ${pathErr}`;
  const value = opValue(op);
  if (path === '') {
    if (value === null || typeof value !== 'object') return 'replace operation value must be object or array';
    box.doc = value;
    return undefined;
  }
  const parent = findParent(box, path);
  if (!parent) return `replace operation does not apply: doc is missing path: ${path}: missing value`;
  if (get(parent.con, parent.key).error !== undefined) {
    return `replace operation does not apply: doc is missing key: ${path}: missing value`;
  }
  if (Array.isArray(parent.con)) {
    parent.con[arrayIndex(parent.key, parent.con.length - 1) as number] = value;
  } else {
    parent.con[parent.key] = value;
  }
  return undefined;
}

function opMove(box: Box, op: Record<string, unknown>): string | undefined {
  const [from, fromErr] = stringField(op, 'from');
  if (from === undefined) return `move operation failed to decode from: ${fromErr}`;
  const source = findParent(box, from);
  if (!source) return `move operation does not apply: doc is missing from path: ${from}: missing value`;
  const got = get(source.con, source.key);
  if (got.error !== undefined) return `error in move for path: '${source.key}': ${got.error}`;
  const removeErr = remove(source.con, source.key);
  if (removeErr) return `error in move for path: '${source.key}': ${removeErr}`;
  const [path, pathErr] = stringField(op, 'path');
  if (path === undefined) return `move operation failed to decode path: ${pathErr}`;
  const dest = findParent(box, path);
  if (!dest) return `move operation does not apply: doc is missing destination path: ${path}: missing value`;
  const err = add(dest.con, dest.key, got.value ?? null);
  return err && `error in move for path: '${path}': ${err}`;
}

function opTest(box: Box, op: Record<string, unknown>): string | undefined {
  const [path, pathErr] = stringField(op, 'path');
  if (path === undefined) return `test operation failed to decode path: ${pathErr}`;
  const failed = `testing value ${path} failed: test failed`;
  const expected = op.value === undefined ? null : op.value;
  if (path === '') return jsonEqual(box.doc, expected) ? undefined : failed;
  const parent = findParent(box, path);
  if (!parent) return `test operation does not apply: is missing path: ${path}: missing value`;
  const got = get(parent.con, parent.key);
  if (got.error !== undefined) return `error in test for path: '${path}': ${got.error}`;
  const actual = got.value ?? null;
  if (actual === null || expected === null) return actual === expected ? undefined : failed;
  return jsonEqual(actual, expected) ? undefined : failed;
}

function opCopy(box: Box, op: Record<string, unknown>): string | undefined {
  const [from, fromErr] = stringField(op, 'from');
  if (from === undefined) return `copy operation failed to decode from: ${fromErr}`;
  const source = findParent(box, from);
  if (!source) return `copy operation does not apply: doc is missing from path: ${from}: missing value`;
  const got = get(source.con, source.key);
  if (got.error !== undefined) return `error in copy for from: '${from}': ${got.error}`;
  const [path] = stringField(op, 'path');
  if (path === undefined) return 'copy operation failed to decode path: missing value';
  const dest = findParent(box, path);
  if (!dest) return `copy operation does not apply: doc is missing destination path: ${path}: missing value`;
  const err = add(dest.con, dest.key, cloneJson(got.value ?? null));
  return err && `error while adding value during copy: ${err}`;
}
