// Status checks the client library does not name.
import { StatusError } from '../../machinery/status.ts';

/** A 422 Invalid answer. */
export function isInvalid(e: unknown): boolean {
  return e instanceof StatusError && e.reason === 'Invalid';
}

/** The namespace is terminating: creations in it fail and are not worth retrying. */
export function isNamespaceTerminating(e: unknown): boolean {
  return (
    e instanceof StatusError && (e.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}

/** A request timeout (the object may still have been created). */
export function isTimeout(e: unknown): boolean {
  return e instanceof StatusError && (e.reason === 'Timeout' || e.code === 504);
}

/** The error text upstream prints in events (`%v` of the API error). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The API group of an `apiVersion` ('' for the core group). */
export function refGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Reports failed syncs on stderr; conflicts (a stale cache, retried at once) only with
 * KTS_DEBUG, as upstream logs them at a high verbosity.
 */
export function syncErrorReporter(component: string): (key: string, e: unknown) => void {
  return (key, e) => {
    if (isConflictError(e) && !process.env.KTS_DEBUG) return;
    console.error(`${component}: error syncing ${key}: ${errorMessage(e)}`);
  };
}

function isConflictError(e: unknown): boolean {
  if (e instanceof StatusError) return e.reason === 'Conflict';
  return e instanceof Error && e.cause !== undefined && isConflictError(e.cause);
}
