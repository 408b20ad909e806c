// Runs compaction on a timer for any backend: samples the revision every interval and compacts
// to the target `compactionTarget` allows. The backend's `compact` does the work (in small steps).
import {
  type CompactionOptions,
  compactionTarget,
  pruneSamples,
  type RevisionSample,
} from './compaction-policy.ts';
import type { Store } from './store.ts';

type Compactable = Pick<Store, 'currentRevision' | 'compactedRevision' | 'compact'>;

export class AutoCompactor {
  readonly #store: Compactable;
  readonly #options: Required<CompactionOptions>;
  readonly #onError: (error: Error) => void;
  readonly #samples: RevisionSample[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(store: Compactable, options: Required<CompactionOptions>, onError: (error: Error) => void) {
    this.#store = store;
    this.#options = options;
    this.#onError = onError;
  }

  start(): void {
    if (!this.#options.enabled || this.#timer) return;
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One round: sample, then compact if the window allows. Exposed for tests. */
  async tick(now = Date.now()): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const current = await this.#store.currentRevision();
      this.#samples.push({ at: now, revision: current });
      pruneSamples(this.#samples, now, this.#options.windowMs);
      const compacted = await this.#store.compactedRevision();
      const target = compactionTarget(this.#samples, now, current, compacted, this.#options);
      if (target !== undefined) await this.#store.compact(target);
    } catch (error) {
      this.#onError(error as Error);
    } finally {
      this.#running = false;
    }
  }
}
