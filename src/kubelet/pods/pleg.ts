// The pod lifecycle event generator (upstream's GenericPLEG): every second it lists the
// runtime's sandboxes and containers, compares their states with the previous listing and
// wakes the worker of every pod whose containers changed (a container exited, a sandbox
// died). It also knows which pod UIDs the runtime holds, for the orphan clean-up.
import type { CriClient } from '../cri/cri-client.ts';
import { errorText, type Log } from '../internal/log.ts';
import { every } from '../internal/timers.ts';
import { POD_UID_LABEL } from '../pod/labels.ts';
import { runtimeFingerprint } from './runtime-state.ts';

export type PodStates = Map<string, Map<string, string>>;

/** Pod UIDs whose sandbox or container states differ between two listings. Pure. */
export function changedPods(before: PodStates, after: PodStates): string[] {
  const changed: string[] = [];
  for (const uid of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(uid);
    const b = after.get(uid);
    if (!a || !b || a.size !== b.size || [...b].some(([id, state]) => a.get(id) !== state)) changed.push(uid);
  }
  return changed;
}

export interface PlegOptions {
  cri: CriClient;
  log: Log;
  /** A pod's runtime objects changed; `fingerprint` is their new states (runtimeFingerprint). */
  onChange: (uid: string, fingerprint: string) => void;
  periodMs?: number;
}

export class Pleg {
  readonly #o: PlegOptions;
  #states: PodStates = new Map();
  #relisted = false;
  #loop: { done: Promise<void> } | undefined;

  constructor(o: PlegOptions) {
    this.#o = o;
  }

  /** UIDs of pods with sandboxes or containers in the runtime, as last listed. */
  runtimePods(): string[] {
    return [...this.#states.keys()];
  }

  /** Whether the runtime held anything of this pod at the last relist. */
  holds(uid: string): boolean {
    return this.#states.has(uid);
  }

  /** Whether one relist has completed. */
  get ready(): boolean {
    return this.#relisted;
  }

  start(signal: AbortSignal): void {
    this.#loop = every(
      this.#o.periodMs ?? 1000,
      () => this.relist(),
      signal,
      (err) => this.#o.log.debug({ err: errorText(err) }, 'PLEG relist failed'),
    );
  }

  async stopped(): Promise<void> {
    await this.#loop?.done;
  }

  async relist(): Promise<void> {
    const [sandboxes, containers] = await Promise.all([
      this.#o.cri.listPodSandbox(),
      this.#o.cri.listContainers(),
    ]);
    const states: PodStates = new Map();
    const add = (labels: Record<string, string>, id: string, state: string) => {
      const uid = labels[POD_UID_LABEL];
      if (!uid) return;
      let pod = states.get(uid);
      if (!pod) {
        pod = new Map();
        states.set(uid, pod);
      }
      pod.set(id, state);
    };
    for (const s of sandboxes) add(s.labels, s.id, s.state);
    for (const c of containers) add(c.labels, c.id, c.state);
    const changed = changedPods(this.#states, states);
    this.#states = states;
    this.#relisted = true;
    for (const uid of changed) this.#o.onChange(uid, runtimeFingerprint(states.get(uid) ?? []));
  }
}
