// LIST with upstream's resourceVersion semantics and paging:
// - no resourceVersion: a consistent read (the cache waits until it has the store's newest revision);
// - resourceVersion=0: whatever the cache has now;
// - resourceVersion=N (NotOlderThan): the cache once it reaches N (504 if it does not soon);
// - resourceVersion=N with resourceVersionMatch=Exact, and every continued page: read from the
//   store at that revision, so that all pages of one list are one snapshot.
// Continue tokens carry (revision, next key); a token older than the store's compaction window
// answers 410 Expired.
import type { KubeObject } from '../../api/strategy.ts';
import { badRequest, expired, StatusError } from '../../machinery/status.ts';
import { ExpiredError, type Store } from '../../storage/store.ts';
import type { CacheDispatcher } from '../storage/cache-dispatcher.ts';
import { decodeObject } from '../storage/object-codec.ts';
import type { ObjectFilter } from '../storage/watch-cache.ts';

export interface ListParams {
  namespace: string;
  filter: ObjectFilter;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListOutput {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  /** Key to start at, relative to the resource's prefix. */
  start: string;
}

const TOO_OLD_LIST = 'The resourceVersion for the provided list is too old.';
const TOO_OLD_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function encodeContinue(rv: number, start: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

const INVALID_START_RV =
  'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)';

/** Go's base64.RawURLEncoding error for `value`, if it is not valid unpadded base64url. */
function base64Error(value: string): string | undefined {
  const bad = value.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  if (value.length % 4 === 1) return `illegal base64 data at input byte ${value.length - 1}`;
  return undefined;
}

/**
 * Upstream's storage.DecodeContinue, as the store reports its errors: `invalid continue token:
 * <why>`. A negative rv (-1 is handed out with the 410 for an expired token) continues at the
 * newest revision.
 */
export function decodeContinue(value: string): ContinueToken {
  const fail = (why: string) => badRequest(`invalid continue token: ${why}`);
  const encoding = base64Error(value);
  if (encoding) throw fail(`${INVALID_START_RV}: ${encoding}`);
  let token: ContinueToken;
  try {
    token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw fail(INVALID_START_RV);
  }
  if (typeof token !== 'object' || token === null) throw fail(INVALID_START_RV);
  if (token.v !== 'meta.k8s.io/v1') {
    throw fail(
      `continue key is not valid: server does not recognize this encoded version server does not recognize this encoded version ${JSON.stringify(token.v ?? '')}`,
    );
  }
  if (!Number.isSafeInteger(token.rv) || token.rv === 0) throw fail(INVALID_START_RV);
  if (typeof token.start !== 'string' || token.start === '') {
    throw fail('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  }
  return token;
}

function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`invalid resource version: ${value}`);
  return Number(value);
}

const WAIT_FOR_REVISION_MS = 3000;

/** Waits until the cache reaches `revision`; 504 "Too large resource version" after 3 s, as upstream's cacher. */
export async function waitForRevision(dispatcher: CacheDispatcher, revision: number): Promise<void> {
  if (!(await dispatcher.waitForWithin(revision, WAIT_FOR_REVISION_MS))) {
    throw new StatusError(
      504,
      'Timeout',
      `Too large resource version: ${revision}, current: ${dispatcher.revision}`,
      {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
    );
  }
}

export async function listObjects(
  store: Store,
  dispatcher: CacheDispatcher,
  prefix: string,
  params: ListParams,
): Promise<ListOutput> {
  const limit = params.limit && params.limit > 0 ? params.limit : undefined;
  if (params.continue) {
    const token = decodeContinue(params.continue);
    if (params.resourceVersion && params.resourceVersion !== '0') {
      throw badRequest('specifying resource version is not allowed when using continue');
    }
    // rv -1: the remainder of an expired list, at the newest revision (upstream's resumable 410).
    let revision = token.rv;
    if (revision < 0) {
      await dispatcher.waitFresh();
      revision = dispatcher.revision;
    }
    return listFromStore(store, prefix, params.filter, revision, prefix + token.start, limit, true);
  }
  // The option combinations upstream refuses were rejected before (handlers/list-options.ts).
  const rv = params.resourceVersion;
  const match = params.resourceVersionMatch;
  if (match === 'Exact') {
    const revision = parseResourceVersion(rv!);
    return listFromStore(
      store,
      prefix,
      params.filter,
      revision,
      startOf(prefix, params.filter),
      limit,
      false,
    );
  }
  if (rv === undefined || rv === '') await dispatcher.waitFresh();
  else {
    const revision = parseResourceVersion(rv);
    if (revision > 0) await waitForRevision(dispatcher, revision);
  }
  const revision = dispatcher.revision;
  const cache = dispatcher.cacheFor(prefix);
  const page = cache.list(params.filter, undefined, limit);
  const out: ListOutput = { items: page.items, resourceVersion: String(revision) };
  if (page.more && page.lastKey) {
    out.continue = encodeContinue(revision, `${page.lastKey.slice(prefix.length)}\u0000`);
    if (!params.filter.predicate && !params.filter.key) {
      const rest = cache.list(params.filter, page.lastKey);
      out.remainingItemCount = rest.items.length;
    }
  }
  return out;
}

function startOf(prefix: string, filter: ObjectFilter): string {
  return filter.namespace ? `${prefix}${filter.namespace}/` : prefix;
}

/** Reads matching objects at `revision` from the store, starting at `startKey`. */
async function listFromStore(
  store: Store,
  prefix: string,
  filter: ObjectFilter,
  revision: number,
  startKey: string,
  limit: number | undefined,
  paging: boolean,
): Promise<ListOutput> {
  const scope = startOf(prefix, filter);
  const items: KubeObject[] = [];
  let start = startKey < scope ? scope : startKey;
  const chunk = limit ? Math.max(limit, 100) : 5000;
  try {
    for (;;) {
      const page = await store.list(scope, { revision, limit: chunk, startKey: start });
      for (let i = 0; i < page.items.length; i++) {
        const kv = page.items[i]!;
        const obj = decodeObject(kv.value, kv.modRevision);
        if (filter.key !== undefined && kv.key !== filter.key) continue;
        if (filter.predicate && !filter.predicate(obj)) continue;
        items.push(obj);
        if (limit && items.length === limit) {
          const more = i < page.items.length - 1 || page.continue !== undefined;
          const out: ListOutput = { items, resourceVersion: String(revision) };
          if (more) {
            out.continue = encodeContinue(revision, `${kv.key.slice(prefix.length)}\u0000`);
            // As upstream, counted only without selectors (with them the count would be wrong).
            const unfiltered = !filter.predicate && filter.key === undefined;
            if (unfiltered && (page.remaining !== undefined || page.continue === undefined)) {
              out.remainingItemCount = page.items.length - 1 - i + (page.remaining ?? 0);
            }
          }
          return out;
        }
      }
      if (!page.continue || page.items.length === 0) break;
      start = `${page.items[page.items.length - 1]!.key}\u0000`;
    }
  } catch (e) {
    if (e instanceof ExpiredError) {
      if (!paging) throw expired(TOO_OLD_LIST);
      // The 410 carries a token for the rest of the list at the newest revision.
      const error = expired(TOO_OLD_CONTINUE);
      error.listMeta = { continue: encodeContinue(-1, startKey.slice(prefix.length)) };
      throw error;
    }
    throw e;
  }
  return { items, resourceVersion: String(revision) };
}
