// The API server's field manager (k8s.io/apimachinery/pkg/util/managedfields): server-side apply,
// and the `managedFields` bookkeeping of every other write.
//
// Usage — one FieldManager per endpoint (resource or subresource), built from the kind's schema:
//   const fm = new FieldManager({ apiVersion: 'apps/v1', kind: 'Deployment', schema, definitions,
//                                 resetFields: [['status']] });
//   // PATCH application/apply-patch+yaml (live undefined when the object does not exist yet):
//   const { object, changed } = fm.apply(live, appliedConfig, fieldManager, { force });
//   //   → then default, validate and store `object` as for an update (or a create).
//   //   Throws ApplyConflictError (409), or StatusError 400/500 with upstream's messages.
//   // create / update / JSON, merge and strategic patches, after defaulting:
//   const stored = fm.update(live, newObject, fieldManager ?? managerFromUserAgent(userAgent));
// Both return new objects carrying the new `metadata.managedFields`; inputs are not modified
// (update's result shares unchanged subtrees with `next`).
import type { Definitions, Schema } from '../../schema.ts';
import { badRequest, StatusError } from '../../status.ts';
import { cloneJson, isJsonObject, jsonEqual } from '../patch-errors.ts';
import { pruneNullsTyped } from '../prune-nulls.ts';
import { ApplyConflictError } from './conflicts.ts';
import { FieldSet } from './field-set.ts';
import { allowedConflictsFromLastApplied, LAST_APPLIED_MANAGER, refreshLastApplied } from './last-applied.ts';
import {
  capUpdateManagers,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  isResetManagedFields,
  type Managed,
  managerIdentifier,
} from './managed-fields.ts';
import type { FieldPath } from './path-element.ts';
import { SchemaTypes } from './schema-types.ts';
import { Conflicts, recordApply, recordUpdate, type UpdaterOptions } from './updater.ts';
import { validateTyped, validationErrorsText } from './validate.ts';

type JsonObject = Record<string, unknown>;

export interface FieldManagerScope {
  /** The endpoint's group/version: `apps/v1`, `v1` for the core group. */
  apiVersion: string;
  kind: string;
  /** '' (or absent) for the resource itself; `status`, `scale` … for a subresource. */
  subresource?: string;
  /** The kind's schema (a `$ref` into `definitions` is fine); undefined: every field is untyped. */
  schema: Schema | undefined;
  definitions?: Definitions;
  /** Fields this endpoint resets (the strategy's reset fields, e.g. [['status']]); never owned here. */
  resetFields?: readonly (readonly string[])[];
  /** What upstream's typed empty object looks like, compared against on create (default `{}`). */
  emptyObject?: JsonObject;
  /** Clock for entry times. */
  now?: () => Date;
}

export interface ApplyOptions {
  /** `?force=true`: take ownership of conflicting fields instead of failing. */
  force?: boolean;
}

export interface ApplyResult {
  object: JsonObject;
  /** False when the applied configuration left the object as it was (managedFields aside). */
  changed: boolean;
}

const BEFORE_FIRST_APPLY = 'before-first-apply';
const CURRENT_OPERATION = 'current-operation';

/** Fields every manager's set leaves out: identity and bookkeeping that nobody "owns". */
const STRIPPED = FieldSet.of(
  ...[['apiVersion'], ['kind'], ['metadata']].map((p) => p.map((field) => ({ field }))),
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((f): FieldPath => [{ field: 'metadata' }, { field: f }]),
);

export class FieldManager {
  readonly scope: FieldManagerScope;
  private readonly updater: UpdaterOptions;

  constructor(scope: FieldManagerScope) {
    this.scope = scope;
    const ignored = scope.resetFields?.length
      ? FieldSet.of(...scope.resetFields.map((p) => p.map((field) => ({ field }))))
      : undefined;
    this.updater = { types: new SchemaTypes(scope.schema, scope.definitions ?? {}), ignored };
  }

  /** Server-side apply of `applied` by `manager` onto `live` (undefined: the object does not exist yet). */
  apply(
    live: JsonObject | undefined,
    applied: unknown,
    manager: string,
    options: ApplyOptions = {},
  ): ApplyResult {
    if (!isJsonObject(applied)) {
      const what = Array.isArray(applied) ? 'array' : applied === null ? 'null' : typeof applied;
      throw badRequest(
        `error decoding patch: json: cannot unmarshal ${what} into Go value of type map[string]interface {}`,
      );
    }
    const liveObject = live ?? cloneJson(this.scope.emptyObject ?? {});
    let managed: Managed;
    try {
      managed = decodeManagedFields(metadataOf(liveObject)?.managedFields);
    } catch (e) {
      throw new StatusError(500, '', `failed to decode managed fields: ${(e as Error).message}`);
    }
    const gvk = gvkOf(applied);
    if (gvk.apiVersion !== this.scope.apiVersion || gvk.kind !== this.scope.kind) {
      throw badRequest(`invalid object type: ${gvkString(gvk.apiVersion, gvk.kind)}`);
    }

    let result: { object: JsonObject; managed: Managed; changed: boolean };
    try {
      result = this.applyAs(liveObject, applied, cloneManaged(managed), manager, options.force ?? false);
    } catch (e) {
      if (!(e instanceof Conflicts) || manager !== LAST_APPLIED_MANAGER) throw toStatus(e);
      // "kubectl" may take over fields that still hold their last client-side applied values.
      const allowed = allowedConflictsFromLastApplied(this.updater.types, liveObject, this.scope.apiVersion);
      if (!allowed) throw toStatus(e);
      const remaining = e.conflicts.filter((c) => !allowed.has(c.path));
      if (remaining.length > 0) throw new ApplyConflictError(remaining);
      result = this.applyAs(liveObject, applied, cloneManaged(managed), manager, true);
    }
    // The merged object shares subtrees with `live` and `applied`: hand out a copy of its own,
    // without the nulls a configuration may set (upstream's typed decoding drops them).
    const object = pruneNullsTyped(this.updater.types, result.object);
    if (manager === LAST_APPLIED_MANAGER) refreshLastApplied(object, applied);
    setManagedFields(object, result.managed);
    return { object, changed: result.changed };
  }

  /**
   * Records a create (live undefined), update or non-apply patch by `manager`: `next` is the
   * object about to be stored. A `managedFields` of `[]` (or `[{}]`) in `next` resets ownership.
   */
  update(live: JsonObject | undefined, next: JsonObject, manager: string): JsonObject {
    const liveObject = live ?? cloneJson(this.scope.emptyObject ?? {});
    const managed = this.decodeLiveOrNew(liveObject, next);
    const object = withoutManagedFields(next);
    try {
      if (managed.fields.size === 0 && hasUid(liveObject)) {
        // Objects nobody tracks stay untracked until someone applies.
        return object;
      }
      this.recordUpdateAs(liveObject, object, managed, manager);
      setManagedFields(object, managed);
      return object;
    } catch {
      // Upstream never fails a write for its bookkeeping: the live ownership is kept.
      const fallback = withoutManagedFields(next);
      const liveFields = metadataOf(liveObject)?.managedFields;
      if (liveFields !== undefined) ensureMetadata(fallback).managedFields = cloneJson(liveFields);
      return fallback;
    }
  }

  private applyAs(live: JsonObject, applied: JsonObject, managed: Managed, manager: string, force: boolean) {
    if (managed.fields.size === 0) {
      // Fields set before the first apply are owned by a "before-first-apply" manager.
      this.recordUpdateAs(
        this.scope.emptyObject ?? {},
        withoutManagedFields(live),
        managed,
        BEFORE_FIRST_APPLY,
      );
    }
    const id = managerIdentifier({
      manager: manager || 'unknown',
      operation: 'Apply',
      subresource: this.scope.subresource,
    });
    const requested = metadataOf(applied)?.managedFields;
    if (requested !== undefined && requested !== null) throw badRequest('metadata.managedFields must be nil');
    const errors = validateTyped(this.updater.types, applied, false);
    if (errors.length > 0) {
      const meta = metadataOf(applied);
      const nn = `${stringOr(meta?.namespace)}/${stringOr(meta?.name)}`;
      throw new StatusError(
        500,
        '',
        `failed to create typed patch object (${nn}; ${gvkString(this.scope.apiVersion, this.scope.kind)}): ${validationErrorsText(errors)}`,
      );
    }
    const liveStripped = withoutManagedFields(live);
    const merged = recordApply(
      this.updater,
      liveStripped,
      applied,
      this.scope.apiVersion,
      managed,
      id,
      force,
    );
    stripMeta(managed, id);
    if (merged === undefined) return { object: liveStripped, managed, changed: false };
    managed.times.set(id, this.now());
    return { object: merged as JsonObject, managed, changed: true };
  }

  private recordUpdateAs(live: JsonObject, next: JsonObject, managed: Managed, manager: string): void {
    const id = managerIdentifier({
      manager: manager || 'unknown',
      operation: 'Update',
      apiVersion: this.scope.apiVersion,
      subresource: this.scope.subresource,
    });
    const before = managed.fields.get(id)?.set;
    recordUpdate(
      this.updater,
      withoutManagedFields(live),
      next,
      this.scope.apiVersion,
      managed,
      CURRENT_OPERATION,
    );
    stripMeta(managed, CURRENT_OPERATION);
    const current = managed.fields.get(CURRENT_OPERATION);
    if (current) {
      managed.fields.delete(CURRENT_OPERATION);
      const previous = managed.fields.get(id);
      let set = previous ? previous.set.union(current.set) : current.set;
      // A manager that rewrote only fields it owned (a Lease renewal) owns what it owned: keep
      // that very set, whose fieldsV1 then need not be emitted again (see managed-fields.ts).
      if (before && set !== before && set.equals(before)) set = before;
      managed.fields.set(id, { ...current, set });
      managed.times.set(id, this.now());
    }
    capUpdateManagers(managed);
  }

  private decodeLiveOrNew(live: JsonObject, next: JsonObject): Managed {
    const fromLive = () => {
      try {
        return decodeManagedFields(metadataOf(live)?.managedFields);
      } catch {
        return emptyManaged();
      }
    };
    if (this.scope.subresource) return fromLive();
    const requested = metadataOf(next)?.managedFields;
    if (isResetManagedFields(requested)) return emptyManaged();
    // A client that sends back the entries it read (a PUT of a GET's object) asks for what the
    // live object has: decode those, which the live object's frozen entries may have cached.
    if (requested !== undefined && jsonEqual(requested, metadataOf(live)?.managedFields)) return fromLive();
    try {
      const managed = decodeManagedFields(requested);
      if (managed.fields.size > 0) return managed;
    } catch {
      // fall back to the live object's
    }
    return fromLive();
  }

  private now(): string {
    if (this.scope.now) return rfc3339Seconds(this.scope.now());
    // Every write stamps a time with second precision: format each second once.
    const second = Math.floor(Date.now() / 1000);
    if (second !== lastSecond) {
      lastSecond = second;
      lastSecondText = rfc3339Seconds(new Date(second * 1000));
    }
    return lastSecondText;
  }
}

let lastSecond = Number.NaN;
let lastSecondText = '';

function rfc3339Seconds(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

function stripMeta(managed: Managed, id: string): void {
  const vs = managed.fields.get(id);
  if (!vs) return;
  const set = vs.set.difference(STRIPPED);
  if (set.empty()) managed.fields.delete(id);
  else managed.fields.set(id, { ...vs, set });
}

function cloneManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

function toStatus(e: unknown): unknown {
  return e instanceof Conflicts ? new ApplyConflictError(e.conflicts) : e;
}

function metadataOf(obj: unknown): JsonObject | undefined {
  return isJsonObject(obj) && isJsonObject(obj.metadata) ? obj.metadata : undefined;
}

function ensureMetadata(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonObject;
}

/** A shallow copy without metadata.managedFields (subtrees stay shared: nothing below is modified). */
function withoutManagedFields(obj: JsonObject): JsonObject {
  const meta = metadataOf(obj);
  if (!meta) return { ...obj };
  const { managedFields: _, ...rest } = meta;
  return { ...obj, metadata: rest };
}

function setManagedFields(obj: JsonObject, managed: Managed): void {
  const entries = encodeManagedFields(managed);
  if (entries) ensureMetadata(obj).managedFields = entries;
  else {
    const meta = metadataOf(obj);
    if (meta) delete meta.managedFields;
  }
}

function hasUid(obj: JsonObject): boolean {
  const uid = metadataOf(obj)?.uid;
  return typeof uid === 'string' && uid !== '';
}

function stringOr(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function gvkOf(obj: JsonObject): { apiVersion: string; kind: string } {
  return { apiVersion: stringOr(obj.apiVersion), kind: stringOr(obj.kind) };
}

/** Go's GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const gv = slash >= 0 ? apiVersion : `/${apiVersion}`;
  return `${gv}, Kind=${kind}`;
}

const managers = new WeakMap<FieldManagerScope, FieldManager>();

function fieldManagerFor(scope: FieldManagerScope): FieldManager {
  let fm = managers.get(scope);
  if (!fm) {
    fm = new FieldManager(scope);
    managers.set(scope, fm);
  }
  return fm;
}

/** `new FieldManager(scope).apply(...)`, reusing one manager per scope object. */
export function serverSideApply(
  live: JsonObject | undefined,
  applied: unknown,
  manager: string,
  scope: FieldManagerScope,
  options: ApplyOptions = {},
): ApplyResult {
  return fieldManagerFor(scope).apply(live, applied, manager, options);
}

/** `new FieldManager(scope).update(...)`, reusing one manager per scope object. */
export function updateManagedFields(
  live: JsonObject | undefined,
  next: JsonObject,
  manager: string,
  scope: FieldManagerScope,
): JsonObject {
  return fieldManagerFor(scope).update(live, next, manager);
}
