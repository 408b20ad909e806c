// Typed API errors and their wire form, the meta/v1 `Status` object.
// Every failure a client can see is one of these; the API server maps them to HTTP in one place.

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
  metadata: Record<string, never> | { resourceVersion?: string };
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

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    if (details) this.details = details;
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
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

/** Optimistic-concurrency failure (stale resourceVersion, failed precondition). */
export function conflict(q: Qualified, name: string, why: string): StatusError {
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
  /** Human explanation, e.g. "must be no more than 63 characters". */
  detail?: string;
  /** For NotSupported: the accepted values. */
  supported?: readonly string[];
}

export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Renders one field error as upstream's `field.Error.Error()` does. */
export function fieldErrorMessage(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueForbidden':
      return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueDuplicate':
      return `${e.field}: Duplicate value: ${renderValue(e.value)}`;
    case 'FieldValueNotSupported': {
      const supported = e.supported?.length
        ? `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}`
        : '';
      return `${e.field}: Unsupported value: ${renderValue(e.value)}${supported}`;
    }
    case 'FieldValueTooLong':
      return `${e.field}: Too long: ${e.detail ?? ''}`.trimEnd();
    case 'FieldValueTooMany':
      return `${e.field}: Too many: ${e.detail ?? ''}`.trimEnd();
    case 'InternalError':
      return `${e.field}: Internal error: ${e.detail ?? ''}`.trimEnd();
    case 'FieldValueTypeInvalid':
      return `${e.field}: Invalid value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    default:
      return `${e.field}: Invalid value: ${'value' in e ? renderValue(e.value) : '""'}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** 422 Invalid with one cause per field error, worded as upstream's `NewInvalid`. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type,
    message: fieldErrorMessage(e).slice(e.field.length + 2),
    field: e.field,
  }));
  const listed = errors.map(fieldErrorMessage);
  const what = `${kind}${group ? `.${group}` : ''} "${name}"`;
  const message =
    listed.length === 1 ? `${what} is invalid: ${listed[0]}` : `${what} is invalid: [${listed.join(', ')}]`;
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
