// One engine for every stored kind (upstream's generic registry Store): create, get, list,
// update, guaranteed update, delete and watch, driven by the kind's strategy. Reads come from
// the watch cache (after waiting until it is fresh); writes go to the store with
// compare-and-swap on the object's revision. Objects here are in their storage version.
import type { KubeObject, StrategyContext } from '../../api/strategy.ts';
import { deepClone, deepEqual } from '../../machinery/json-value.ts';
import {
  alreadyExists,
  conflict,
  type FieldError,
  internalError,
  invalid,
  notFound,
  type Qualified,
  STALE_OBJECT_MESSAGE,
  StatusError,
} from '../../machinery/status.ts';
import {
  ConflictError,
  KeyExistsError,
  KeyNotFoundError,
  type Store,
  ValueTooLargeError,
} from '../../storage/store.ts';
import { type CacheDispatcher, freeze } from '../storage/cache-dispatcher.ts';
import { decodeObject, encodeObject, objectKey, stampWritten } from '../storage/object-codec.ts';
import type { WatchCache } from '../storage/watch-cache.ts';
import {
  type RequestContext,
  runAdmission,
  runValidatingAdmission,
  type WriteHooks,
  withRollback,
} from './context.ts';
import { type DeleteOptions, decideDelete, shouldDeleteAfterUpdate } from './deletion.ts';
import { type ListOutput, type ListParams, listObjects, waitForRevision } from './list.ts';
import { carryUpdateMeta, fillCreateMeta, generateName, specChanged } from './object-meta.ts';
import type { ServedResource } from './resource-table.ts';

export interface UpdateResult {
  object: KubeObject;
  created: boolean;
}

export interface DeleteResult {
  object: KubeObject;
  /** False when the object is only marked for deletion (grace period or finalizers pending). */
  deleted: boolean;
}

/**
 * Computes the new object from the current one (undefined when absent). Throw a StatusError
 * to abort. `current` is a private deep copy the function may change and return.
 */
export type UpdateFunction = (current: KubeObject | undefined) => Promise<KubeObject> | KubeObject;

export interface UpdateOptions {
  subresource?: string;
  /** Create the object when it does not exist (apply patches, kinds that allow create-on-update). */
  allowCreate?: boolean;
  /**
   * A write of the server's own straight to the object (pods/binding), as upstream's BindingREST
   * writes through store.Storage.GuaranteedUpdate: managedFields are left as they are (the
   * request's field manager owns the Binding, which is not stored) and the kind's warnings are
   * not computed.
   */
  direct?: boolean;
  /**
   * How much of the current object's `spec` the update function writes into, when it is less
   * than the whole: 'none' (it builds its result without changing `current`, as merge, JSON and
   * strategic patches do) or 'top' (it sets top-level spec fields only, as pods/binding sets
   * nodeName). The rest of the spec is then the cached, frozen one, shared instead of copied:
   * a status write discards its spec for the stored one anyway.
   */
  specWrites?: 'none' | 'top';
}

const GENERATED_NAME_ATTEMPTS = 8;

// Stored objects (the watch cache's, or one just decoded from the store) are plain JSON values:
// they are copied with deepClone, which gives what structuredClone gives at a tenth of the cost
// (on every update, and on every status write that keeps the rest of the object).

export class GenericRegistry {
  readonly resource: ServedResource;
  private readonly store: Store;
  private readonly dispatcher: CacheDispatcher;
  private readonly hooks: WriteHooks;

  constructor(resource: ServedResource, store: Store, dispatcher: CacheDispatcher, hooks: WriteHooks) {
    this.resource = resource;
    this.store = store;
    this.dispatcher = dispatcher;
    this.hooks = hooks;
  }

  get qualified(): Qualified {
    return { group: this.resource.group, resource: this.resource.resource };
  }

  get cache(): WatchCache {
    return this.dispatcher.cacheFor(this.resource.prefix);
  }

  key(namespace: string, name: string): string {
    return objectKey(this.resource.prefix, this.resource.namespaced ? namespace : '', name);
  }

  private strategyContext(ctx: RequestContext): StrategyContext {
    return { now: ctx.now, user: ctx.user };
  }

  /** The object as the cache has it, once the cache has caught up to `minRevision` (or to the store when absent). */
  async get(namespace: string, name: string, minRevision?: number): Promise<KubeObject> {
    if (minRevision === undefined) await this.dispatcher.waitFresh();
    else if (minRevision > 0) await waitForRevision(this.dispatcher, minRevision);
    const obj = this.cache.get(this.key(namespace, name));
    if (!obj) throw notFound(this.qualified, name);
    return obj;
  }

  /** LIST with upstream's resourceVersion and paging semantics (see list.ts). */
  list(params: ListParams): Promise<ListOutput> {
    return listObjects(this.store, this.dispatcher, this.resource.prefix, params);
  }

  /** Reads straight from the store (for compare-and-swap loops that must see the latest revision). */
  async getFromStore(
    namespace: string,
    name: string,
  ): Promise<{ object: KubeObject; revision: number } | undefined> {
    const kv = await this.store.get(this.key(namespace, name));
    return kv ? { object: decodeObject(kv.value, kv.modRevision), revision: kv.modRevision } : undefined;
  }

  /**
   * The object at the store's latest revision, as a read-modify-write retry needs it: the watch
   * cache's frozen copy when the cache has that revision of it (or gets it within a moment: our
   * own writes reach the cache right after they commit), else decoded from the stored bytes.
   * A stale-revision update (certain to conflict) or one racing the cache then costs no parse.
   */
  private async readLatest(
    namespace: string,
    name: string,
  ): Promise<{ object: KubeObject; revision: number; cached: boolean } | undefined> {
    const key = this.key(namespace, name);
    const kv = await this.store.get(key);
    if (!kv) return undefined;
    if (kv.modRevision > this.dispatcher.revision)
      await this.dispatcher.waitForWithin(kv.modRevision, CACHE_CATCH_UP_MS);
    const cached = this.cache.get(key);
    if (cached && cached.metadata?.resourceVersion === String(kv.modRevision)) {
      return { object: cached, revision: kv.modRevision, cached: true };
    }
    return { object: decodeObject(kv.value, kv.modRevision), revision: kv.modRevision, cached: false };
  }

  private invalid(obj: KubeObject, errors: FieldError[]): StatusError {
    return invalid(this.resource.kind, this.resource.group, obj.metadata?.name ?? '', errors);
  }

  private translate(e: unknown, name: string): never {
    if (e instanceof StatusError) throw e;
    if (e instanceof KeyExistsError) throw alreadyExists(this.qualified, name);
    if (e instanceof KeyNotFoundError) throw notFound(this.qualified, name);
    if (e instanceof ValueTooLargeError) {
      throw new StatusError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: limit is ${1536 * 1024}`,
      );
    }
    throw internalError(e instanceof Error ? e.message : String(e));
  }

  /** Creates `input` (a private object the registry may change) in `namespace`. */
  create(namespace: string, input: KubeObject, ctx: RequestContext): Promise<KubeObject> {
    return withRollback(ctx, () => this.createOnce(namespace, input, ctx));
  }

  private async createOnce(namespace: string, input: KubeObject, ctx: RequestContext): Promise<KubeObject> {
    const s = this.resource.strategy;
    const obj = input;
    if (obj.metadata?.resourceVersion) {
      throw internalError('resourceVersion should not be set on objects to be created');
    }
    const wantsGeneratedName = !obj.metadata?.name && !!obj.metadata?.generateName;
    fillCreateMeta(obj, namespace, this.resource.namespaced, ctx.now);
    s.defaults?.(obj);
    // Ownership is recorded on the decoded, defaulted object, before admission and the strategy
    // (as upstream's handlers do): what they add (a Job's selector, a Service's cluster IP) is
    // owned by no one, so a later apply never prunes it.
    this.hooks.trackManagedFields(obj, undefined, ctx, '', this.resource);
    const attrs = {
      operation: 'CREATE' as const,
      resource: this.resource,
      subresource: '',
      namespace,
      name: obj.metadata?.name ?? '',
      object: obj,
      context: ctx,
    };
    const admitting = runAdmission(this.hooks.admission, attrs);
    if (admitting) await admitting;
    if (s.tracksGeneration) obj.metadata!.generation = 1;
    s.prepareForCreate?.(obj, this.strategyContext(ctx));
    const errors = [...this.hooks.validateMetaCreate(obj, this.resource), ...(s.validate?.(obj) ?? [])];
    if (errors.length) throw this.invalid(obj, errors);
    const validating = runValidatingAdmission(this.hooks.admission, attrs);
    if (validating) await validating;
    for (const w of s.warnings?.(obj) ?? []) ctx.warnings.push(w);
    if (ctx.dryRun) return obj;

    for (let attempt = 1; ; attempt++) {
      const name = obj.metadata!.name!;
      try {
        const kv = await this.store.create(this.key(namespace, name), encodeObject(obj), ttlOf(s.ttlSeconds));
        stampWritten(obj, kv.modRevision);
        return obj;
      } catch (e) {
        // A generated name that collided: draw another, as upstream does since 1.32.
        if (e instanceof KeyExistsError && wantsGeneratedName && attempt < GENERATED_NAME_ATTEMPTS) {
          obj.metadata!.name = generateName(obj.metadata!.generateName!);
          continue;
        }
        this.translate(e, name);
      }
    }
  }

  /**
   * The read-modify-write loop every update goes through (upstream's GuaranteedUpdate): reads
   * the current object, lets `update` compute the new one, then runs the strategy, admission
   * and validation and writes with compare-and-swap, retrying from a fresh read when another
   * writer won. A client precondition (resourceVersion in the new object) is checked against
   * the current revision and fails with 409 when stale.
   */
  guaranteedUpdate(
    namespace: string,
    name: string,
    update: UpdateFunction,
    ctx: RequestContext,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    return withRollback(ctx, () => this.updateLoop(namespace, name, update, ctx, options));
  }

  private async updateLoop(
    namespace: string,
    name: string,
    update: UpdateFunction,
    ctx: RequestContext,
    options: UpdateOptions,
    replacing = false,
  ): Promise<UpdateResult> {
    const key = this.key(namespace, name);
    const s = this.resource.strategy;
    const subresource = options.subresource ?? '';
    let specWrites = options.specWrites;
    let hint = this.cache.get(key);
    let fresh = false;
    // A conflict found on the cached copy, re-checked against the store's latest revision.
    let cachedConflict: { revision: number; error: StatusError } | undefined;
    for (let attempt = 0; attempt < 64; attempt++) {
      let current: KubeObject | undefined;
      // The object as it was, for the strategy, admission and validation: deep-frozen, so it can
      // be the cached object itself (shared with every reader) and nothing can change it.
      let old: KubeObject | undefined;
      let revision = 0;
      if (hint && !fresh) {
        // A replacing update (PUT) never reads `current`: no private copy to make.
        current = replacing ? hint : copyForUpdate(hint, specWrites);
        old = hint;
        revision = Number(hint.metadata!.resourceVersion);
      } else {
        const read = await this.readLatest(namespace, name);
        revision = read?.revision ?? 0;
        fresh = true;
        // The cached copy was the latest after all: the update fails as it did (upstream's
        // GuaranteedUpdate returns the cached attempt's error when the revision matches).
        if (cachedConflict && read && read.revision === cachedConflict.revision) throw cachedConflict.error;
        if (read?.cached) {
          current = replacing ? read.object : copyForUpdate(read.object, specWrites);
          old = read.object;
        } else {
          current = read?.object;
          if (current) old = freeze(replacing ? current : deepClone(current));
        }
      }
      if (!current) {
        if (!options.allowCreate) throw notFound(this.qualified, name);
        const created = await update(undefined);
        created.metadata ??= {};
        created.metadata.name ??= name;
        delete created.metadata.resourceVersion;
        return { object: await this.createOnce(namespace, created, ctx), created: true };
      }
      let obj: KubeObject;
      const warningsBefore = ctx.warnings.length;
      try {
        obj = await update(current);
        obj.metadata ??= {};
        const wanted = obj.metadata.resourceVersion;
        if (wanted && wanted !== String(revision)) throw conflict(this.qualified, name, STALE_OBJECT_MESSAGE);
        // An unconditional update (no resourceVersion) applies to the revision just read.
        obj.metadata.resourceVersion = String(revision);
      } catch (e) {
        // A write into the shared frozen spec (an object stored before today's rules, say):
        // the same attempt again on a private copy, its warnings not given twice.
        if (specWrites && e instanceof TypeError && !replacing) {
          specWrites = undefined;
          ctx.warnings.length = warningsBefore;
          attempt--;
          continue;
        }
        // A stale cached copy may fail a precondition the real object meets: re-read once.
        if (!fresh && e instanceof StatusError && e.code === 409) {
          cachedConflict = { revision, error: e };
          fresh = true;
          continue;
        }
        throw e;
      }
      const result = await this.prepareUpdate(
        obj,
        old!,
        ctx,
        subresource,
        options.direct === true,
        !!specWrites,
      );
      if (result === 'unchanged') return { object: old!, created: false };
      if (ctx.dryRun) return { object: obj, created: false };
      try {
        if (shouldDeleteAfterUpdate(obj, s.deletionPending?.(obj) ?? false)) {
          const kv = await this.store.delete(key, revision);
          obj.metadata!.resourceVersion = String(kv.modRevision);
          return { object: obj, created: false };
        }
        const kv = await this.store.update(key, encodeObject(obj), revision, ttlOf(s.ttlSeconds));
        stampWritten(obj, kv.modRevision);
        return { object: obj, created: false };
      } catch (e) {
        if (e instanceof ConflictError) {
          hint = undefined;
          fresh = false;
          continue;
        }
        if (e instanceof KeyNotFoundError) {
          hint = undefined;
          fresh = false;
          continue;
        }
        this.translate(e, name);
      }
    }
    throw new StatusError(
      409,
      'Conflict',
      `too many conflicts updating ${this.qualified.resource} "${name}"`,
    );
  }

  /** Strategy, admission and validation of an update; 'unchanged' when there is nothing to write. */
  private async prepareUpdate(
    obj: KubeObject,
    old: KubeObject,
    ctx: RequestContext,
    subresource: string,
    direct: boolean,
    sharesSpec: boolean,
  ): Promise<'write' | 'unchanged'> {
    const s = this.resource.strategy;
    const name = old.metadata?.name ?? '';
    obj.metadata ??= {};
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw new StatusError(
        400,
        'BadRequest',
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    obj.metadata.name = name;
    const uid = obj.metadata.uid;
    if (uid && old.metadata?.uid && uid !== old.metadata.uid) {
      throw conflict(
        this.qualified,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    carryUpdateMeta(obj, old);
    try {
      s.defaults?.(obj);
    } catch (e) {
      // Defaults found something to set in a shared frozen spec (see UpdateOptions.specWrites):
      // defaulting is idempotent, so it runs again over a private copy.
      if (!(e instanceof TypeError) || !sharesSpec) throw e;
      obj.spec = deepClone(obj.spec);
      s.defaults?.(obj);
    }
    // Before admission and the strategy, as on create.
    if (!direct) this.hooks.trackManagedFields(obj, old, ctx, subresource, this.resource);
    const sctx = this.strategyContext(ctx);
    const attrs = {
      operation: 'UPDATE' as const,
      resource: this.resource,
      subresource,
      namespace: old.metadata?.namespace ?? '',
      name,
      object: obj,
      oldObject: old,
      context: ctx,
    };
    const admitting = runAdmission(this.hooks.admission, attrs);
    if (admitting) await admitting;
    let errors: FieldError[];
    if (subresource !== '' && subresource !== 'status') {
      // Server-implemented subresources (binding, finalize, eviction…) change exactly what they
      // mean to, bypassing the kind's update rules, as upstream's dedicated REST objects do.
      errors = this.hooks.validateMetaUpdate(obj, old, this.resource);
    } else if (subresource === 'status') {
      if (s.prepareForStatusUpdate) s.prepareForStatusUpdate(obj, old, sctx);
      else keepAllButStatus(obj, old);
      errors = [
        ...this.hooks.validateMetaUpdate(obj, old, this.resource),
        ...(s.validateStatusUpdate?.(obj, old) ?? []),
      ];
    } else {
      if (s.prepareForUpdate) s.prepareForUpdate(obj, old, sctx);
      else if (s.subresources?.status) keepStatus(obj, old);
      if (old.metadata?.generation !== undefined && obj.metadata.generation === old.metadata.generation) {
        const changed = s.generationChanged ? s.generationChanged(obj, old) : specChanged(obj, old);
        if (changed) obj.metadata.generation = old.metadata.generation + 1;
      }
      errors = [
        ...this.hooks.validateMetaUpdate(obj, old, this.resource),
        ...(s.validateUpdate?.(obj, old) ?? []),
      ];
    }
    if (errors.length) throw this.invalid(obj, errors);
    const validating = runValidatingAdmission(this.hooks.admission, attrs);
    if (validating) await validating;
    if (!direct) for (const w of s.warnings?.(obj, old) ?? []) ctx.warnings.push(w);
    return unchangedBy(obj, old) ? 'unchanged' : 'write';
  }

  /** PUT: replaces the object with `input` (its resourceVersion, if set, is a precondition). */
  async update(
    namespace: string,
    name: string,
    input: KubeObject,
    ctx: RequestContext,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    // Each attempt changes its object in place: it starts from a copy of the decoded input
    // (plain JSON, so deepClone copies it as structuredClone would, at a fraction of the cost).
    // A stale precondition fails before the copy (the loop would fail it just after).
    const wanted = input.metadata?.resourceVersion;
    const attempt = (current: KubeObject | undefined) => {
      if (current && wanted && wanted !== current.metadata?.resourceVersion) {
        throw conflict(this.qualified, name, STALE_OBJECT_MESSAGE);
      }
      return deepClone(input);
    };
    return withRollback(ctx, () => this.updateLoop(namespace, name, attempt, ctx, options, true));
  }

  async delete(
    namespace: string,
    name: string,
    options: DeleteOptions,
    ctx: RequestContext,
  ): Promise<DeleteResult> {
    const key = this.key(namespace, name);
    const s = this.resource.strategy;
    for (let attempt = 0; attempt < 64; attempt++) {
      const read = await this.readLatest(namespace, name);
      if (!read) throw notFound(this.qualified, name);
      const { revision } = read;
      // The object is changed below (its final revision, the deletion marks): a private copy.
      const current = read.cached ? deepClone(read.object) : read.object;
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== current.metadata?.uid) {
        throw conflict(
          this.qualified,
          name,
          `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata?.uid ?? ''}`,
        );
      }
      if (pre?.resourceVersion && pre.resourceVersion !== String(revision)) {
        throw conflict(
          this.qualified,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${revision}`,
        );
      }
      await runValidatingAdmission(this.hooks.admission, {
        operation: 'DELETE',
        resource: this.resource,
        subresource: '',
        namespace,
        name,
        oldObject: current,
        context: ctx,
      });
      const grace = s.gracePeriodSeconds
        ? s.gracePeriodSeconds(current, options.gracePeriodSeconds)
        : options.gracePeriodSeconds;
      const policy =
        options.propagationPolicy ??
        (options.orphanDependents === undefined ? s.defaultPropagationPolicy : undefined);
      const decision = decideDelete(
        current,
        {
          ...options,
          ...(grace === undefined ? {} : { gracePeriodSeconds: grace }),
          ...(policy ? { propagationPolicy: policy } : {}),
        },
        ctx.now,
        s.deletionPending?.(current) ?? false,
      );
      if (decision.action === 'mark') s.markForDeletion?.(decision.object);
      if (decision.action === 'pending') return { object: current, deleted: false };
      if (ctx.dryRun)
        return {
          object: decision.action === 'mark' ? decision.object : current,
          deleted: decision.action === 'delete',
        };
      try {
        if (decision.action === 'delete') {
          const kv = await this.store.delete(key, revision);
          current.metadata!.resourceVersion = String(kv.modRevision);
          return { object: current, deleted: true };
        }
        const marked = decision.object;
        const kv = await this.store.update(key, encodeObject(marked), revision, ttlOf(s.ttlSeconds));
        stampWritten(marked, kv.modRevision);
        return { object: marked, deleted: false };
      } catch (e) {
        if (e instanceof ConflictError) continue;
        this.translate(e, name);
      }
    }
    throw new StatusError(
      409,
      'Conflict',
      `too many conflicts deleting ${this.qualified.resource} "${name}"`,
    );
  }
}

/**
 * A private deep copy of a cached (deep-frozen) object for an update to change, sharing only its
 * managedFields entries' `fieldsV1` objects: nothing edits those in place (managedFields are
 * replaced whole), they are the largest part of a small object, and a frozen one that a write
 * keeps lets the field manager skip parsing and emitting it again (see managed-fields.ts).
 */
function copyForUpdate(obj: KubeObject, specWrites?: 'none' | 'top'): KubeObject {
  const entries = obj.metadata?.managedFields;
  if (!Array.isArray(entries) && !specWrites) return deepClone(obj);
  const out: Record<string, unknown> = {};
  const src = obj as Record<string, unknown>;
  for (const key in src) {
    const v = src[key];
    if (v === undefined) continue;
    if (key === 'spec' && specWrites && Object.isFrozen(v)) {
      setMember(out, key, specWrites === 'none' ? v : shallowCopy(v));
      continue;
    }
    if (key !== 'metadata' || !Array.isArray(entries)) {
      setMember(out, key, deepClone(v));
      continue;
    }
    const meta: Record<string, unknown> = {};
    const srcMeta = v as Record<string, unknown>;
    for (const mkey in srcMeta) {
      const mv = srcMeta[mkey];
      if (mv === undefined) continue;
      setMember(meta, mkey, mkey === 'managedFields' ? entries.map(copyEntry) : deepClone(mv));
    }
    out.metadata = meta;
  }
  return out as KubeObject;
}

/** A new object or array holding the same members (frozen ones stay shared). */
function shallowCopy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.slice();
  const out: Record<string, unknown> = {};
  const src = v as Record<string, unknown>;
  for (const key in src) setMember(out, key, src[key]);
  return out;
}

function copyEntry(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return deepClone(entry);
  const out: Record<string, unknown> = {};
  const src = entry as Record<string, unknown>;
  for (const key in src) {
    const v = src[key];
    if (v === undefined) continue;
    setMember(out, key, key === 'fieldsV1' && Object.isFrozen(v) ? v : deepClone(v));
  }
  return out;
}

/** `obj[key] = value`, keeping a "__proto__" member (legal in JSON) a plain own property. */
function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Whether an update leaves the object as it was, its revision aside (then nothing is written):
 * deepEqual of the two with obj's resourceVersion taken as old's. The members an update changes
 * (status, spec) are compared before metadata, whose managedFields make it the longest to walk
 * and which a write that changes anything else changes last, if at all.
 */
function unchangedBy(obj: KubeObject, old: KubeObject): boolean {
  const x = obj as Record<string, unknown>;
  const y = old as Record<string, unknown>;
  let count = 0;
  // Status first: the shortest way to a difference for a binding or a kubelet's report.
  if (x.status !== undefined) {
    count++;
    if (!deepEqual(x.status, y.status)) return false;
  }
  for (const key in x) {
    if (key === 'metadata' || key === 'status') continue;
    const v = x[key];
    if (v === undefined) continue;
    count++;
    if (!deepEqual(v, y[key])) return false;
  }
  const meta = { ...obj.metadata, resourceVersion: old.metadata?.resourceVersion };
  if (!deepEqual(meta, y.metadata)) return false;
  let countOld = 0;
  for (const key in y) if (y[key] !== undefined) countOld++;
  return count + 1 === countOld;
}

/** How long a write waits for the watch cache to reach a revision before decoding it itself. */
const CACHE_CATCH_UP_MS = 20;

function ttlOf(seconds: number | undefined): { ttlSeconds?: number } {
  return seconds ? { ttlSeconds: seconds } : {};
}

/** Default for kinds with a status subresource: a main-resource update cannot change status. */
function keepStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = deepClone(old.status);
}

/** Default for /status updates: everything but status comes from the current object. */
function keepAllButStatus(obj: KubeObject, old: KubeObject): void {
  const status = obj.status;
  const meta = obj.metadata;
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, copyForUpdate(old));
  if (status === undefined) delete obj.status;
  else obj.status = status;
  // Status writers may still touch labels and annotations, as upstream allows for most kinds.
  if (meta?.labels !== undefined) obj.metadata!.labels = meta.labels;
  if (meta?.annotations !== undefined) obj.metadata!.annotations = meta.annotations;
  if (meta?.resourceVersion !== undefined) obj.metadata!.resourceVersion = meta.resourceVersion;
}
