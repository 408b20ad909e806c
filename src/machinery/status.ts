// Typed API errors and their wire form, the meta/v1 `Status` object.
// Every failure a client can see is one of these; the API server maps them to HTTP in one place.

import { goQuote, goValue } from './go-format.ts';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | '';

/** One field-level problem, as in `details.causes`. */
export interface StatusCause {
  /** e.g. FieldValueInvalid, FieldValueRequired, FieldValueDuplicate, FieldValueNotSupported. */
  reason?: string;
  message?: string;
  /** Path in the object, e.g. `spec.containers[0].image` or `metadata.labels`. */
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string; continue?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Identifies what an error is about: `group` is '' for the core group; `kind` is the resource (plural), as upstream reports it. */
export interface Qualified {
  group: string;
  resource: string;
}

function qualifiedName(q: Qualified): string {
  return q.group ? `${q.resource}.${q.group}` : q.resource;
}

export class StatusError extends Error {
  override name = 'StatusError';
  readonly code: number;
  readonly reason: StatusReason;
  readonly details?: StatusDetails;
  /** The Status's ListMeta, e.g. the fresh continue token of a 410 for an expired one. */
  listMeta?: { continue?: string };

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    if (details) this.details = details;
  }

  /** The Status as upstream serializes it: fields in Go's order, empty details fields left out (omitempty). */
  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.listMeta?.continue ? { continue: this.listMeta.continue } : {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    } as Status;
    // A details object is kept even when all its fields are empty (`{}`), as a non-nil pointer is.
    if (this.details) status.details = withoutEmptyFields(this.details);
    status.code = this.code;
    return status;
  }
}

function withoutEmptyFields(details: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.uid) out.uid = details.uid;
  if (details.causes?.length) {
    out.causes = details.causes.map((c) => {
      const cause: StatusCause = {};
      if (c.reason) cause.reason = c.reason;
      if (c.message) cause.message = c.message;
      if (c.field) cause.field = c.field;
      return cause;
    });
  }
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds;
  return out;
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

export function notFound(q: Qualified, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedName(q)} "${name}" not found`, {
    name,
    group: q.group,
    kind: q.resource,
  });
}

export function alreadyExists(q: Qualified, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedName(q)} "${name}" already exists`, {
    name,
    group: q.group,
    kind: q.resource,
  });
}

/**
 * Optimistic-concurrency failure (stale resourceVersion, failed precondition). Made without a
 * stack trace: a conflict is an answer, not a fault (controllers writing from stale copies get
 * them by the thousand), and capturing the stack was most of its cost.
 */
export function conflict(q: Qualified, name: string, why: string): StatusError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedName(q)} "${name}": ${why}`,
      {
        name,
        group: q.group,
        kind: q.resource,
      },
    );
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The standard message for a stale resourceVersion on update. */
export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** A field-level validation error, kept as data so validators can be pure and composable. */
export interface FieldError {
  /** FieldValueInvalid | FieldValueRequired | FieldValueDuplicate | FieldValueNotSupported | FieldValueForbidden | FieldValueTooLong | FieldValueTooMany | InternalError */
  type: FieldErrorType;
  field: string;
  /** The offending value, when meaningful (omitted for Required / Forbidden). */
  value?: unknown;
  /**
   * The value as upstream prints it, when Go's rendering can't be derived from the JSON value
   * (e.g. a time prints as `2026-01-02 03:04:05 +0000 UTC`); used verbatim in messages.
   */
  valueText?: string;
  /** Human explanation, e.g. "must be no more than 63 characters". */
  detail?: string;
  /** For NotSupported: the accepted values. */
  supported?: readonly string[];
}

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

function renderValue(e: FieldError): string {
  return e.valueText ?? goValue(e.value);
}

/** The part after `<field>: `, as upstream's `field.Error.ErrorBody()` renders it. */
export function fieldErrorBody(e: FieldError): string {
  const detail = e.detail ? `: ${e.detail}` : '';
  switch (e.type) {
    case 'FieldValueRequired':
      return `Required value${detail}`;
    case 'FieldValueForbidden':
      return `Forbidden${detail}`;
    case 'FieldValueTooLong':
      return `Too long${detail}`;
    case 'InternalError':
      return `Internal error${detail}`;
    case 'FieldValueNotFound':
      return `Not found: ${renderValue(e)}${detail}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${renderValue(e)}${detail}`;
    case 'FieldValueNotSupported': {
      const supported = e.supported?.length
        ? `: supported values: ${e.supported.map(goQuote).join(', ')}`
        : detail;
      return `Unsupported value: ${renderValue(e)}${supported}`;
    }
    case 'FieldValueTooMany':
      return 'value' in e || e.valueText !== undefined
        ? `Too many: ${renderValue(e)}${detail}`
        : `Too many${detail}`;
    default:
      return `Invalid value: ${renderValue(e)}${detail}`;
  }
}

/** Renders one field error as upstream's `field.Error.Error()` does. */
export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Upstream's `ErrorList.ToAggregate().Error()`: distinct messages, bracketed when more than one. */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  for (const e of errors) seen.add(fieldErrorMessage(e));
  const listed = [...seen];
  return listed.length === 1 ? listed[0]! : `[${listed.join(', ')}]`;
}

/** 422 Invalid with one cause per field error, worded as upstream's `NewInvalid`. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type,
    message: fieldErrorBody(e),
    field: e.field,
  }));
  const what = `${kind}${group ? `.${group}` : ''} ${goQuote(name)}`;
  const message =
    errors.length === 0 ? `${what} is invalid` : `${what} is invalid: ${aggregateFieldErrors(errors)}`;
  return new StatusError(422, 'Invalid', message, { name, group, kind, causes });
}

export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return new StatusError(400, 'BadRequest', message, causes ? { causes } : undefined);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(401, 'Unauthorized', message);
}

export function forbidden(q: Qualified, name: string, why: string): StatusError {
  const what = name ? `${qualifiedName(q)} "${name}"` : qualifiedName(q);
  return new StatusError(403, 'Forbidden', `${what} is forbidden: ${why}`, {
    name,
    group: q.group,
    kind: q.resource,
  });
}

export function methodNotAllowed(message: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}

export function notAcceptable(message: string): StatusError {
  return new StatusError(406, 'NotAcceptable', message);
}

export function gone(message: string): StatusError {
  return new StatusError(410, 'Gone', message);
}

/** A resourceVersion or continue token older than the compaction window. */
export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function requestEntityTooLarge(message: string): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', message);
}

export function unsupportedMediaType(message: string): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', message);
}

export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds });
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function serviceUnavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

export function timeout(message: string): StatusError {
  return new StatusError(504, 'Timeout', message);
}
