// The result of a plugin hook, as upstream's framework.Status: a code, the reasons shown to
// users (they end up in FailedScheduling events, counted per node), the plugin that produced
// it. Hooks return `null` for success, so the hot paths allocate nothing when a node fits.

/** Status codes, in upstream's order. */
export const Code = {
  Success: 0,
  /** An internal error: the pod goes to the back-off queue, not to the unschedulable pods. */
  Error: 1,
  /** The pod does not fit now; preemption may help. */
  Unschedulable: 2,
  /** The pod does not fit and preemption cannot help (e.g. a node label is missing). */
  UnschedulableAndUnresolvable: 3,
  /** A Permit plugin asks the binding cycle to wait. */
  Wait: 4,
  /** A PreFilter/PreScore plugin has nothing to do for this pod: its Filter/Score are skipped. */
  Skip: 5,
  /** The pod waits for something outside the scheduler (not retried on cluster events). */
  Pending: 6,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const CODE_NAMES = [
  'Success',
  'Error',
  'Unschedulable',
  'UnschedulableAndUnresolvable',
  'Wait',
  'Skip',
  'Pending',
] as const;

export class Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that failed (set by the framework). */
  plugin: string | undefined;
  readonly error: unknown;

  constructor(code: Code, reasons: readonly string[] = [], error?: unknown) {
    this.code = code;
    this.reasons = reasons;
    this.error = error;
  }

  /** Reasons joined as upstream's Status.Message(). */
  message(): string {
    return this.reasons.join(', ');
  }

  codeName(): string {
    return CODE_NAMES[this.code];
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending: the pod was turned down, nothing broke. */
  isRejected(): boolean {
    return (
      this.code === Code.Unschedulable ||
      this.code === Code.UnschedulableAndUnresolvable ||
      this.code === Code.Pending
    );
  }

  withPlugin(plugin: string): Status {
    this.plugin = plugin;
    return this;
  }

  toString(): string {
    return `${this.codeName()}: ${this.message()}`;
  }
}

/** A hook's result: `null` is success. */
export type Result = Status | null;

export function isSuccess(s: Result): boolean {
  return s === null || s.code === Code.Success;
}

export function isRejected(s: Result): boolean {
  return s?.isRejected() ?? false;
}

/** Usage: `unschedulable('Insufficient cpu')`. */
export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

/** Wraps an error (or message) as an Error status. */
export function asStatus(e: unknown): Status {
  const message = e instanceof Error ? e.message : String(e);
  return new Status(Code.Error, [message], e);
}

export const SKIP: Status = new Status(Code.Skip);
