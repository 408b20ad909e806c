// The option shapes of the client's verbs (meta/v1 GetOptions, ListOptions, CreateOptions,
// UpdateOptions, PatchOptions, DeleteOptions) and how they become query strings and bodies.
import type { LabelSelectorInput } from './selectors.ts';
import { fieldSelectorQuery, labelSelectorQuery } from './selectors.ts';

/** Cancels a request (e.g. `AbortSignal.timeout(ms)`): the promise rejects with the abort reason. */
export interface Cancellable {
  signal?: AbortSignal;
}

export interface GetOptions extends Cancellable {
  /** '' (default): most recent; '0': any cached version. */
  resourceVersion?: string;
}

export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

export interface ListOptions extends Cancellable {
  labelSelector?: LabelSelectorInput;
  fieldSelector?: string | Record<string, string>;
  /** Page size; the answer carries `metadata.continue` when more remain. */
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  timeoutSeconds?: number;
}

export interface WatchOptions extends Omit<ListOptions, 'limit' | 'continue'> {
  /** Ask for BOOKMARK events carrying the latest resourceVersion. */
  allowWatchBookmarks?: boolean;
  /** Start with synthetic ADDED events for the current state, ended by a bookmark (needs resourceVersionMatch=NotOlderThan). */
  sendInitialEvents?: boolean;
  /**
   * Client side only: the events' objects come without `metadata.managedFields`, which are then
   * never decoded (for readers that drop them anyway, e.g. an informer with stripManagedFields).
   */
  omitManagedFields?: boolean;
}

export interface WriteOptions extends Cancellable {
  /** Validate and admit but do not persist (`dryRun=All`). */
  dryRun?: boolean;
  /** Defaults to the client's field manager (the component's name). */
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The Content-Type of each patch type. */
export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only: take ownership of conflicting fields instead of failing with 409. */
  force?: boolean;
  subresource?: string;
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface DeleteOptions extends Cancellable {
  /** 'Orphan' | 'Background' | 'Foreground'. */
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  /** 0: delete at once; absent: the kind's default (pods: terminationGracePeriodSeconds). */
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
  dryRun?: boolean;
}

type Query = Record<string, string | number | boolean | undefined>;

/** Characters URLSearchParams leaves as they are (application/x-www-form-urlencoded). */
const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/;

/**
 * Builds `?a=b&c=d`, skipping undefined values; '' when nothing is set. Encoded as
 * URLSearchParams does, which is built only for a value that needs encoding: every write's
 * `?fieldManager=<component>` needs none.
 */
export function queryString(q: Query): string {
  let s = '';
  for (const k in q) {
    const v = q[k];
    if (v === undefined) continue;
    const text = String(v);
    const pair =
      FORM_SAFE.test(k) && FORM_SAFE.test(text)
        ? `${k}=${text}`
        : new URLSearchParams([[k, text]]).toString();
    s += s ? `&${pair}` : `?${pair}`;
  }
  return s;
}

/** ListOptions (and watch flags) as query parameters. */
export function listQuery(o: ListOptions & WatchOptions = {}): Query {
  return {
    labelSelector:
      o.labelSelector === undefined ? undefined : labelSelectorQuery(o.labelSelector) || undefined,
    fieldSelector:
      o.fieldSelector === undefined ? undefined : fieldSelectorQuery(o.fieldSelector) || undefined,
    limit: o.limit || undefined,
    continue: o.continue || undefined,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    timeoutSeconds: o.timeoutSeconds,
    allowWatchBookmarks: o.allowWatchBookmarks || undefined,
    sendInitialEvents: o.sendInitialEvents,
  };
}

/** WriteOptions as query parameters, with the client's default field manager. */
export function writeQuery(
  o: WriteOptions & { force?: boolean },
  defaultFieldManager: string | undefined,
): Query {
  return {
    dryRun: o.dryRun ? 'All' : undefined,
    fieldManager: o.fieldManager ?? defaultFieldManager,
    fieldValidation: o.fieldValidation,
    force: o.force === undefined ? undefined : o.force,
  };
}

/** The meta/v1 DeleteOptions body sent with a DELETE. */
export function deleteBody(o: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.propagationPolicy) body.propagationPolicy = o.propagationPolicy;
  if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.preconditions) body.preconditions = o.preconditions;
  if (o.dryRun) body.dryRun = ['All'];
  return body;
}
