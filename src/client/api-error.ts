// Turns a non-2xx answer into a StatusError, as client-go's `transformResponse` does: the
// server's own `Status` body when there is one, otherwise a generic error worded by code
// (upstream's `NewGenericServerResponse`).
import { type Status, StatusError, type StatusReason } from '../machinery/status.ts';

const generic: Record<number, [StatusReason, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Gone', 'the server has asked for the client to try again later'],
  413: ['RequestEntityTooLarge', 'the server has rejected the request because it is too large'],
  415: ['UnsupportedMediaType', 'the server was unable to handle the media type of the request'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/** True when a parsed JSON value is a meta/v1 Status. */
export function isStatus(v: unknown): v is Status {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/** The StatusError a Status object stands for. Usage: `throw statusErrorFrom(event.object)`. */
export function statusErrorFrom(s: Status, httpCode = 0): StatusError {
  const code = s.code || httpCode || 500;
  const reason = (s.reason ?? generic[code]?.[0] ?? '') as StatusReason;
  return new StatusError(
    code,
    reason,
    s.message ?? generic[code]?.[1] ?? `unknown error (${code})`,
    s.details,
  );
}

/** Reads a failed response's body and returns the StatusError it describes. */
export async function errorFromResponse(res: Response): Promise<StatusError> {
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const body: unknown = JSON.parse(text);
      if (isStatus(body)) return statusErrorFrom(body, res.status);
    } catch {
      // Not JSON: fall through to the generic error, keeping the body as the message's tail.
    }
  }
  const [reason, message] = generic[res.status] ?? [
    '',
    `an error on the server has prevented the request from succeeding`,
  ];
  const tail = text && text.length < 1024 ? ` (${text.trim()})` : '';
  const details = res.status === 429 || res.status >= 500 ? retryAfter(res) : undefined;
  return new StatusError(res.status, reason, `${message}${tail}`, details);
}

function retryAfter(res: Response): { retryAfterSeconds: number } | undefined {
  const v = Number(res.headers.get('retry-after'));
  return Number.isFinite(v) && v > 0 ? { retryAfterSeconds: v } : undefined;
}

/** 410: the resourceVersion or continue token is older than the server keeps (reason Expired or Gone). */
export function isExpired(e: unknown): boolean {
  return e instanceof StatusError && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}

/** 404 NotFound. */
export function isNotFound(e: unknown): boolean {
  return e instanceof StatusError && e.code === 404;
}

/** 409 Conflict (stale resourceVersion or failed precondition), not AlreadyExists. */
export function isConflict(e: unknown): boolean {
  return e instanceof StatusError && e.reason === 'Conflict';
}

/** 409 AlreadyExists. */
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof StatusError && e.reason === 'AlreadyExists';
}

/** 429 TooManyRequests. */
export function isTooManyRequests(e: unknown): boolean {
  return e instanceof StatusError && e.code === 429;
}
