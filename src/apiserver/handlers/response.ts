// Building HTTP responses: JSON objects, Status errors, and the error mapping for anything
// thrown while serving a request (the one place where errors become HTTP).
import { internalError, isStatusError, type Status } from '../../machinery/status.ts';
import { renderedText } from '../storage/object-codec.ts';
import { textResponse, unreadText } from './text-response.ts';

const JSON_TYPE = 'application/json';

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  // An object just written or read from the watch cache: its stored text with its revision.
  const text = renderedText(body) ?? JSON.stringify(body);
  // The HTTP front end writes the text as is (encodedText); in-process callers read a whole Response.
  return textResponse(text, { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** The body text of a response made by jsonResponse whose body nobody has read. */
export function encodedText(response: Response): string | undefined {
  return unreadText(response);
}

export function statusResponse(status: Status, headers: Record<string, string> = {}): Response {
  const h: Record<string, string> = { ...headers };
  if (status.details?.retryAfterSeconds) h['retry-after'] = String(status.details.retryAfterSeconds);
  return jsonResponse(status, status.code, h);
}

/** Any thrown value → its Status response; unexpected errors become 500 InternalError. */
export function errorResponse(e: unknown): Response {
  if (isStatusError(e)) return statusResponse(e.toStatus());
  const message = e instanceof Error ? e.message : String(e);
  if (process.env.KTS_DEBUG) console.error(e);
  return statusResponse(internalError(message).toStatus());
}

/** Adds `Warning` headers (RFC 7234 form, as upstream: `299 - "text"`). */
export function withWarnings(response: Response, warnings: readonly string[]): Response {
  for (const w of warnings) response.headers.append('warning', `299 - ${JSON.stringify(w)}`);
  return response;
}

/** The empty-path 404 upstream answers for unknown URLs. */
export function notFoundPath(): Response {
  return statusResponse({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}
