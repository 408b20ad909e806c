// The logger shape the kubelet writes to: pino's (what `kts` passes), or nothing in tests.
export interface Log {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

const ignore = () => {};

export const silentLog: Log = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** An error's message for a log line or an event. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
