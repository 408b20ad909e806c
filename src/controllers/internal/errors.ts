// Recognising API errors the controllers treat specially.
import { StatusError } from '../../machinery/status.ts';

/** 403 because the namespace is being terminated (upstream's NamespaceTerminatingCause): creates there will keep failing. */
export function isNamespaceTerminating(e: unknown): boolean {
  return (
    e instanceof StatusError &&
    e.code === 403 &&
    (e.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}

/** 403 Forbidden. */
export function isForbidden(e: unknown): boolean {
  return e instanceof StatusError && e.code === 403;
}

/** 405 MethodNotAllowed. */
export function isMethodNotSupported(e: unknown): boolean {
  return e instanceof StatusError && e.code === 405;
}

/** The message of anything thrown. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
