// The bookkeeping of one probe of one container (upstream's probe worker, without its timer):
// the result it reports starts at the probe kind's initial value (readiness: failure,
// liveness: success, startup: unknown), changes only after `failureThreshold` /
// `successThreshold` equal results in a row, resets when the container is replaced, and a
// failed liveness or startup probe holds until the container restarts. Pure: the caller runs
// the probe and the clock.
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeResult } from './prober.ts';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type ReportedResult = ProbeResult | 'unknown';

export class ProbeState {
  readonly kind: ProbeKind;
  spec: Probe;
  containerId = '';
  /** What the probe currently reports for `containerId`. */
  result: ReportedResult;
  #last: ProbeResult | undefined;
  #run = 0;
  #onHold = false;

  constructor(kind: ProbeKind, spec: Probe) {
    this.kind = kind;
    this.spec = spec;
    this.result = initialResult(kind);
  }

  /** A new container instance: start over. Returns whether the reported result changed. */
  resetFor(containerId: string): boolean {
    if (containerId === this.containerId) return false;
    const before = this.result;
    this.containerId = containerId;
    this.result = initialResult(this.kind);
    this.#last = undefined;
    this.#run = 0;
    this.#onHold = false;
    return before !== this.result;
  }

  /**
   * Whether a probe should run now: the container has run past initialDelaySeconds, it is not
   * on hold, and (liveness/readiness) its startup probe has passed — or (startup) not yet.
   */
  due(runningForMs: number, started: boolean): boolean {
    if (this.#onHold || !this.containerId) return false;
    if (this.kind === 'startup' ? started : !started) return false;
    return runningForMs >= (this.spec.initialDelaySeconds ?? 0) * 1000;
  }

  /** Records one probe result; returns whether the reported result changed. */
  record(result: ProbeResult): boolean {
    if (result === this.#last) this.#run++;
    else {
      this.#last = result;
      this.#run = 1;
    }
    const threshold =
      result === 'failure' ? (this.spec.failureThreshold ?? 3) : (this.spec.successThreshold ?? 1);
    if (this.#run < threshold) return false;
    const changed = this.result !== result;
    this.result = result;
    if (result === 'failure' && this.kind !== 'readiness') {
      // Liveness/startup failed: the container will be restarted; stop probing this instance.
      this.#onHold = true;
      this.#run = 0;
    }
    return changed;
  }

  get periodMs(): number {
    return (this.spec.periodSeconds ?? 10) * 1000;
  }
}

function initialResult(kind: ProbeKind): ReportedResult {
  return kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown';
}
