// A failed CRI call: which method, the gRPC status and the runtime's own message, so that a log
// line or a pod event says what went wrong without a stack of wrappers.
import { status as grpcStatus, type ServiceError } from '@grpc/grpc-js';

const codeNames: Record<number, string> = Object.fromEntries(
  Object.entries(grpcStatus)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k]),
);

export class CriError extends Error {
  /** The RPC that failed, e.g. `RunPodSandbox`. */
  readonly method: string;
  /** The gRPC status code (see `@grpc/grpc-js` `status`). */
  readonly code: number;
  /** Its name, e.g. `NOT_FOUND`, `UNAVAILABLE`, `DEADLINE_EXCEEDED`. */
  readonly codeName: string;
  /** The runtime's own message. */
  readonly details: string;

  constructor(method: string, code: number, details: string, options?: { cause?: unknown }) {
    const codeName = codeNames[code] ?? `CODE_${code}`;
    super(`CRI ${method} failed: ${codeName}: ${details}`, options);
    this.name = 'CriError';
    this.method = method;
    this.code = code;
    this.codeName = codeName;
    this.details = details;
  }

  static from(method: string, err: ServiceError | Error): CriError {
    const code = (err as ServiceError).code;
    if (typeof code === 'number')
      return new CriError(method, code, (err as ServiceError).details || err.message, { cause: err });
    return new CriError(method, grpcStatus.UNKNOWN, err.message, { cause: err });
  }
}

/** The runtime does not know the object (a removed container, an image not present…). */
export function isNotFound(err: unknown): boolean {
  return err instanceof CriError && err.code === grpcStatus.NOT_FOUND;
}

/** The runtime could not be reached (containerd down or its socket missing). */
export function isUnavailable(err: unknown): boolean {
  return err instanceof CriError && err.code === grpcStatus.UNAVAILABLE;
}

/** The call ran past its deadline. */
export function isDeadlineExceeded(err: unknown): boolean {
  return err instanceof CriError && err.code === grpcStatus.DEADLINE_EXCEEDED;
}
