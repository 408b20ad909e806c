// The probe manager (upstream's prober.Manager): one timer-driven worker per probe of each
// running container; results feed the pod status (ready, started) and the pod worker (a failed
// liveness or startup probe restarts the container). Every failed attempt is an Unhealthy
// event, as upstream records it.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../cri/cri-client.ts';
import { errorText, type Log } from '../internal/log.ts';
import type { ProbeResults } from '../pod/container-statuses.ts';
import {
  isRestartableInitContainer,
  latestContainer,
  type RuntimeContainer,
  type RuntimePodStatus,
} from '../pod/runtime-status.ts';
import type { ProbeVerdicts } from '../pods/pod-actions.ts';
import type { PodProbes } from '../pods/pod-sync.ts';
import type { TargetPolicy } from './network-target.ts';
import { type ProbeKind, ProbeState } from './probe-worker.ts';
import { runProbe } from './prober.ts';

const KIND_TITLE: Record<ProbeKind, string> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

interface Worker {
  state: ProbeState;
  pod: Pod;
  container: Container;
  startedAt: number;
  podIP: string;
  timer?: ReturnType<typeof setTimeout>;
  running: boolean;
}

export interface ProbeManagerOptions {
  cri: CriClient;
  log: Log;
  policy: () => TargetPolicy;
  /** A result changed: the pod's status or containers need another sync. */
  onChange: (uid: string) => void;
  /** Records a Warning Unhealthy event about the container. */
  onUnhealthy: (pod: Pod, container: Container, message: string) => void;
}

function probesOf(c: Container): [ProbeKind, NonNullable<Container['livenessProbe']>][] {
  const list: [ProbeKind, NonNullable<Container['livenessProbe']>][] = [];
  if (c.startupProbe) list.push(['startup', c.startupProbe]);
  if (c.livenessProbe) list.push(['liveness', c.livenessProbe]);
  if (c.readinessProbe) list.push(['readiness', c.readinessProbe]);
  return list;
}

export class ProbeManager implements PodProbes {
  readonly #o: ProbeManagerOptions;
  /** uid → "container/kind" → worker */
  readonly #pods = new Map<string, Map<string, Worker>>();
  #stopped = false;

  constructor(o: ProbeManagerOptions) {
    this.#o = o;
  }

  update(pod: Pod, runtime: RuntimePodStatus, podIP: string): void {
    if (this.#stopped) return;
    const uid = pod.metadata?.uid ?? '';
    let workers = this.#pods.get(uid);
    const containers = [
      ...(pod.spec?.initContainers ?? []).filter(isRestartableInitContainer),
      ...(pod.spec?.containers ?? []),
    ];
    for (const c of containers) {
      const latest = latestContainer(runtime, c.name);
      for (const [kind, spec] of probesOf(c)) {
        const key = `${c.name}/${kind}`;
        let w = workers?.get(key);
        if (latest?.state !== 'running') {
          if (w) w.state.resetFor('');
          continue;
        }
        if (!workers) {
          workers = new Map();
          this.#pods.set(uid, workers);
        }
        if (!w) {
          w = {
            state: new ProbeState(kind, spec),
            pod,
            container: c,
            startedAt: latest.startedAt,
            podIP,
            running: false,
          };
          workers.set(key, w);
        }
        w.pod = pod;
        w.container = c;
        w.state.spec = spec;
        w.podIP = podIP || w.podIP;
        if (w.state.resetFor(latest.id) || w.startedAt !== latest.startedAt) {
          w.startedAt = latest.startedAt;
          this.#schedule(uid, w, 0);
        } else if (!w.timer && !w.running) this.#schedule(uid, w, 0);
      }
    }
  }

  #schedule(uid: string, w: Worker, ms: number): void {
    clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.#tick(uid, w), ms);
    w.timer.unref?.();
  }

  #started(uid: string, containerName: string, containerId: string): boolean {
    const startup = this.#pods.get(uid)?.get(`${containerName}/startup`);
    if (!startup) return true;
    return startup.state.containerId === containerId && startup.state.result === 'success';
  }

  async #tick(uid: string, w: Worker): Promise<void> {
    w.timer = undefined;
    if (this.#stopped || this.#pods.get(uid)?.get(`${w.container.name}/${w.state.kind}`) !== w) return;
    const id = w.state.containerId;
    if (id && w.state.due(Date.now() - w.startedAt, this.#started(uid, w.container.name, id))) {
      w.running = true;
      try {
        const outcome = await runProbe(
          {
            cri: this.#o.cri,
            container: w.container,
            containerId: id,
            podIP: w.podIP,
            policy: this.#o.policy(),
          },
          w.state.spec,
        );
        if (w.state.containerId === id) {
          if (outcome.result === 'failure')
            this.#o.onUnhealthy(
              w.pod,
              w.container,
              `${KIND_TITLE[w.state.kind]} probe failed: ${outcome.output}`,
            );
          if (w.state.record(outcome.result)) this.#o.onChange(uid);
        }
      } catch (err) {
        this.#o.log.debug({ uid, container: w.container.name, err: errorText(err) }, 'probe errored');
      } finally {
        w.running = false;
      }
    }
    if (!this.#stopped && this.#pods.get(uid)?.get(`${w.container.name}/${w.state.kind}`) === w)
      this.#schedule(uid, w, w.state.periodMs);
  }

  verdicts(uid: string): ProbeVerdicts {
    const livenessFailed = new Set<string>();
    const startupFailed = new Set<string>();
    for (const w of this.#pods.get(uid)?.values() ?? []) {
      if (w.state.result !== 'failure' || !w.state.containerId) continue;
      if (w.state.kind === 'liveness') livenessFailed.add(w.state.containerId);
      if (w.state.kind === 'startup') startupFailed.add(w.state.containerId);
    }
    return {
      livenessFailed,
      startupFailed,
      started: (c: Container, running: RuntimeContainer) => this.#started(uid, c.name, running.id),
    };
  }

  results(uid: string): ProbeResults {
    const results = new Map<string, { ready?: boolean; started?: boolean }>();
    for (const w of this.#pods.get(uid)?.values() ?? []) {
      const id = w.state.containerId;
      if (!id) continue;
      const r = results.get(id) ?? {};
      if (w.state.kind === 'readiness') r.ready = w.state.result === 'success';
      if (w.state.kind === 'startup') r.started = w.state.result === 'success';
      results.set(id, r);
    }
    return results;
  }

  remove(uid: string): void {
    for (const w of this.#pods.get(uid)?.values() ?? []) clearTimeout(w.timer);
    this.#pods.delete(uid);
  }

  stop(): void {
    this.#stopped = true;
    for (const uid of [...this.#pods.keys()]) this.remove(uid);
  }
}
