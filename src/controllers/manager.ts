// The controller manager: runs the selected controllers over one client, one set of shared
// informers and per-component event recorders. With leader election, it campaigns for the
// Lease kube-system/kube-controller-manager and runs the controllers only while it leads
// (informers included, so a standby holds no caches); losing the lease stops them and it
// campaigns again.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Client,
  EventRecorder,
  type Fetch,
  InformerFactory,
  LeaderElector,
  stripManagedFields,
} from '../client/index.ts';
import type {
  ControllerContext,
  ControllerDefinition,
  ControllerManagerSettings,
  RunningController,
} from './controller-definition.ts';
import { selectControllers } from './controller-selection.ts';
import { allControllers } from './registry.ts';

export const LEADER_ELECTION_NAMESPACE = 'kube-system';
export const LEADER_ELECTION_NAME = 'kube-controller-manager';
const FIELD_MANAGER = 'kube-controller-manager';

export interface LeaderElectionTiming {
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ControllerManagerOptions {
  /** A ready client, or a transport (plus `server`) to build one. */
  client?: Client;
  fetch?: Fetch;
  server?: string;
  settings?: Partial<ControllerManagerSettings>;
  /** `--controllers` (default `['*']`). */
  controllers?: string[];
  leaderElect?: boolean;
  leaderElection?: LeaderElectionTiming;
  /** Leader identity (default `<hostname>_<uuid>`). */
  identity?: string;
  /** The table to choose from (default: every controller). */
  available?: readonly ControllerDefinition[];
  /** Reports start failures and leadership changes (default: stderr). */
  log?: (message: string) => void;
}

export interface RunningControllerManager {
  /** Names of the controllers this manager runs (while leading). */
  readonly controllers: readonly string[];
  /** Whether the controllers currently run. */
  isLeading(): boolean;
  stop(): Promise<void>;
}

export function defaultSettings(s: Partial<ControllerManagerSettings> = {}): ControllerManagerSettings {
  return {
    nodeMonitorGracePeriodMs: 40_000,
    clusterCIDR: '10.42.0.0/16',
    terminatedPodGCThreshold: 12_500,
    hpaSyncPeriodMs: 15_000,
    hpaDownscaleStabilizationMs: 300_000,
    hpaTolerance: 0.1,
    hpaCpuInitializationPeriodMs: 300_000,
    hpaInitialReadinessDelayMs: 30_000,
    now: () => Date.now(),
    ...s,
  };
}

/**
 * Starts the controller manager. Usage:
 * `const cm = await runControllerManager({ client, leaderElect: true }); ...; await cm.stop()`.
 * Resolves once the controllers run (or, with leader election, once campaigning started).
 */
export async function runControllerManager(o: ControllerManagerOptions): Promise<RunningControllerManager> {
  const base =
    o.client ??
    (o.fetch ? new Client({ fetch: o.fetch, ...(o.server ? { server: o.server } : {}) }) : undefined);
  if (!base) throw new Error('runControllerManager needs a client or a fetch');
  const client = base.withFieldManager(FIELD_MANAGER);
  const settings = defaultSettings(o.settings);
  const selected = selectControllers(o.available ?? allControllers, o.controllers ?? ['*']);
  const log = o.log ?? ((m: string) => console.error(`controller-manager: ${m}`));
  const abort = new AbortController();
  let session: Session | undefined;

  const lead = async (signal: AbortSignal) => {
    session = await startSession(client, settings, selected, signal, log);
    if (signal.aborted) await session.stop();
  };

  let election: Promise<void> | undefined;
  if (o.leaderElect) {
    const identity = o.identity ?? `${hostname()}_${randomUUID()}`;
    const electionRecorder = new EventRecorder({ client, component: FIELD_MANAGER });
    election = (async () => {
      while (!abort.signal.aborted) {
        const elector = new LeaderElector({
          client,
          namespace: LEADER_ELECTION_NAMESPACE,
          name: LEADER_ELECTION_NAME,
          identity,
          ...o.leaderElection,
          eventRecorder: electionRecorder,
          onStartedLeading: async (signal) => {
            log(`${identity} became leader`);
            await lead(signal);
            await new Promise<void>((resolve) => {
              if (signal.aborted) resolve();
              else signal.addEventListener('abort', () => resolve(), { once: true });
            });
            const s = session;
            session = undefined;
            await s?.stop();
          },
          onStoppedLeading: () => log(`${identity} stopped leading`),
          onError: (e) => log(`leader election: ${e instanceof Error ? e.message : String(e)}`),
        });
        await elector.run(abort.signal);
        // Let the controllers finish stopping before campaigning again.
        while (session && !abort.signal.aborted) await new Promise((r) => setTimeout(r, 50));
      }
      await electionRecorder.shutdown();
    })();
  } else {
    await lead(abort.signal);
  }

  return {
    controllers: selected.map((d) => d.name),
    isLeading: () => session !== undefined,
    async stop() {
      abort.abort();
      await election;
      const s = session;
      session = undefined;
      await s?.stop();
    },
  };
}

interface Session {
  stop(): Promise<void>;
}

/** Runs the controllers once: shared informers, their recorders, every selected controller. */
async function startSession(
  client: Client,
  settings: ControllerManagerSettings,
  selected: readonly ControllerDefinition[],
  signal: AbortSignal,
  log: (message: string) => void,
): Promise<Session> {
  // As kube-controller-manager: cached objects without managedFields (memory; nothing reads them).
  const informers = new InformerFactory(client, { transform: stripManagedFields });
  const recorders = new Map<string, EventRecorder>();
  const ctx: ControllerContext = {
    client,
    informers,
    settings,
    signal,
    recorder(component) {
      let r = recorders.get(component);
      if (!r) {
        r = new EventRecorder({ client, component });
        recorders.set(component, r);
      }
      return r;
    },
  };
  const running: RunningController[] = [];
  await Promise.all(
    selected.map(async (d) => {
      try {
        running.push(await d.start(ctx));
      } catch (e) {
        log(`starting ${d.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
  return {
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
      await informers.shutdown();
      await Promise.all([...recorders.values()].map((r) => r.shutdown()));
    },
  };
}
