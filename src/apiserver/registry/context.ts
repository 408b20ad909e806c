// What every registry operation knows about the request behind it, and the hooks the
// registry calls around a write (admission, metadata validation, managed fields), injected
// so that the generic registry stays one engine for every kind.
import type { KubeObject } from '../../api/strategy.ts';
import type { FieldError } from '../../machinery/status.ts';
import type { ServedResource } from './resource-table.ts';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface RequestContext {
  user: UserInfo;
  now: Date;
  /** dryRun=All: run every step but the store write. */
  dryRun: boolean;
  /** How unknown and duplicate fields in the body are treated (`?fieldValidation=`, default Warn). */
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  /** The field manager recorded in managedFields (e.g. `kubectl-client-side-apply`). */
  fieldManager: string;
  /** Collected `Warning` headers. */
  warnings: string[];
  /** Undo steps registered by admission (e.g. release an allocated ClusterIP), run when the write fails. */
  rollbacks: (() => Promise<void>)[];
  /** Set for server-side apply: the apply already computed managedFields. */
  applying?: boolean;
}

/** Runs the write; if it fails, runs the context's rollbacks (best effort) and rethrows. */
export async function withRollback<T>(ctx: RequestContext, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    for (const undo of ctx.rollbacks.splice(0).reverse()) await undo().catch(() => {});
    throw e;
  }
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  resource: ServedResource;
  subresource: string;
  namespace: string;
  name: string;
  /** The object being written (mutable for mutating plugins); absent for DELETE. */
  object?: KubeObject;
  oldObject?: KubeObject;
  context: RequestContext;
}

/** An admission plugin: `admit` may change the object; `validate` may only reject (throw a StatusError). */
export interface AdmissionPlugin {
  name: string;
  admit?(attrs: AdmissionAttributes): Promise<void> | void;
  validate?(attrs: AdmissionAttributes): Promise<void> | void;
}

export interface WriteHooks {
  admission: readonly AdmissionPlugin[];
  /** Generic metadata validation on create (name rules, labels, annotations, owner references…). */
  validateMetaCreate(obj: KubeObject, resource: ServedResource): FieldError[];
  /** Generic metadata validation on update (immutable fields…). */
  validateMetaUpdate(obj: KubeObject, old: KubeObject, resource: ServedResource): FieldError[];
  /** Updates managedFields for a non-apply write by `context.fieldManager`. */
  trackManagedFields(
    obj: KubeObject,
    old: KubeObject | undefined,
    context: RequestContext,
    subresource: string,
    resource: ServedResource,
  ): void;
}

// Most plugins answer at once (they do not apply, or look at a cache): the chain waits only for
// those that return a promise, and returns undefined when none did, so that a write through ten
// plugins does not pay ten turns of the microtask queue (`if (pending) await pending`).

/** Runs the mutating steps in order; a promise when some step had to wait. */
export function runAdmission(
  plugins: readonly AdmissionPlugin[],
  attrs: AdmissionAttributes,
): Promise<void> | undefined {
  return runSteps(plugins, 0, attrs, 'admit');
}

/** Runs the validating steps in order; a promise when some step had to wait. */
export function runValidatingAdmission(
  plugins: readonly AdmissionPlugin[],
  attrs: AdmissionAttributes,
): Promise<void> | undefined {
  return runSteps(plugins, 0, attrs, 'validate');
}

function runSteps(
  plugins: readonly AdmissionPlugin[],
  from: number,
  attrs: AdmissionAttributes,
  step: 'admit' | 'validate',
): Promise<void> | undefined {
  for (let i = from; i < plugins.length; i++) {
    const pending = plugins[i]![step]?.(attrs);
    if (pending) return pending.then(() => runSteps(plugins, i + 1, attrs, step));
  }
  return undefined;
}
