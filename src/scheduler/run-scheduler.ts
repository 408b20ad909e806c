// Running a scheduler against an API server: informers, the scheduler, and (optionally) leader
// election on the Lease kube-system/kube-scheduler, so that of several schedulers only one
// schedules. `kts scheduler` calls this over HTTP; `kts server` calls it in-process with the
// API server's own handler as the transport.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.d.ts';
import type {
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import {
  Client,
  descriptor,
  type Fetch,
  InformerFactory,
  LeaderElector,
  NAMESPACES,
  NODES,
  PODS,
  stripManagedFields,
} from '../client/index.ts';
import { apiWriter, PVCS } from './api-writer.ts';
import { type ResolvedConfiguration, resolveConfiguration } from './config/defaults.ts';
import { registerEventHandlers } from './event-handlers.ts';
import type { ClusterReader, PluginFactory } from './framework/interfaces.ts';
import { type LogFn, Scheduler } from './scheduler.ts';

const PDBS = descriptor('policy/v1', 'poddisruptionbudgets', true, 'PodDisruptionBudget');
const SERVICES = descriptor('v1', 'services', true, 'Service');
const RCS = descriptor('v1', 'replicationcontrollers', true, 'ReplicationController');
const REPLICA_SETS = descriptor('apps/v1', 'replicasets', true, 'ReplicaSet');
const STATEFUL_SETS = descriptor('apps/v1', 'statefulsets', true, 'StatefulSet');
const PVS = descriptor('v1', 'persistentvolumes', false, 'PersistentVolume');
const STORAGE_CLASSES = descriptor('storage.k8s.io/v1', 'storageclasses', false, 'StorageClass');

export interface RunSchedulerOptions {
  /** The client transport (HTTP from a kubeconfig, or the API server's in-process handler). */
  fetch?: Fetch;
  /** Base URL for `fetch` (any origin for in-process transports). */
  server?: string;
  /** A ready client instead of fetch/server. */
  client?: Client;
  /** Defaults to upstream's defaults (one `default-scheduler` profile). */
  config?: ResolvedConfiguration;
  /** Overrides config.leaderElection.leaderElect. */
  leaderElect?: boolean;
  /** Leader election identity (default `<hostname>_<uuid>`). */
  identity?: string;
  registry?: Readonly<Record<string, PluginFactory>>;
  log?: LogFn;
}

export interface RunningScheduler {
  readonly scheduler: Scheduler;
  /** True while this instance schedules (always true without leader election). */
  isLeader(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts a scheduler and returns once its caches are synced (it may still be waiting to lead).
 * Usage in `kts server`: `const s = await runScheduler({ fetch: (r) => api.handle(r), server: 'http://kts.local' })`.
 */
export async function runScheduler(o: RunSchedulerOptions): Promise<RunningScheduler> {
  const log: LogFn = o.log ?? (() => {});
  const config = o.config ?? resolveConfiguration();
  const base =
    o.client ??
    new Client({
      fetch: o.fetch ?? (() => Promise.reject(new Error('runScheduler needs fetch or client'))),
      ...(o.server ? { server: o.server } : {}),
    });
  const client = base.withFieldManager('kube-scheduler', undefined);
  const factory = new InformerFactory(client, {
    // As kube-scheduler: cached objects without managedFields (memory; nothing reads them).
    transform: stripManagedFields,
    onError: (e, context) => log('warn', 'informer error', { context, error: String(e) }),
  });
  const pods = factory.informerFor<Pod>(PODS);
  const nodes = factory.informerFor<Node>(NODES);
  const namespaces = factory.informerFor<Namespace>(NAMESPACES);
  const pdbs = factory.informerFor<PodDisruptionBudget>(PDBS);
  const services = factory.informerFor<Service>(SERVICES);
  const rcs = factory.informerFor<ReplicationController>(RCS);
  const replicaSets = factory.informerFor<ReplicaSet>(REPLICA_SETS);
  const statefulSets = factory.informerFor<StatefulSet>(STATEFUL_SETS);
  const claims = factory.informerFor<PersistentVolumeClaim>(PVCS);
  const volumes = factory.informerFor<PersistentVolume>(PVS);
  const classes = factory.informerFor<StorageClass>(STORAGE_CLASSES);
  const stop = new AbortController();
  // Binding cycles waiting for volumes re-check on every change that may settle them.
  const storageListeners = new Set<() => void>();
  const storageChanged = () => {
    for (const l of [...storageListeners]) l();
  };
  const anyChange = { onAdd: storageChanged, onUpdate: storageChanged, onDelete: storageChanged };
  const storageWatch = [
    claims.addEventHandler(anyChange),
    volumes.addEventHandler(anyChange),
    nodes.addEventHandler(anyChange),
    pods.addEventHandler({ onDelete: storageChanged }),
  ];
  const cluster: ClusterReader = {
    namespaceLabels: (name) => namespaces.indexer.get(name)?.metadata?.labels ?? undefined,
    namespaces: () => namespaces.lister.list(),
    podDisruptionBudgets: () => pdbs.lister.list(),
    services: (ns) => services.lister.namespace(ns).list(),
    replicationControllers: (ns) => rcs.lister.namespace(ns).list(),
    replicaSets: (ns) => replicaSets.lister.namespace(ns).list(),
    statefulSets: (ns) => statefulSets.lister.namespace(ns).list(),
    persistentVolumeClaim: (ns, name) => claims.lister.get(ns, name),
    persistentVolume: (name) => volumes.lister.get(name),
    persistentVolumes: () => volumes.lister.list(),
    storageClass: (name) => classes.lister.get(name),
    pod: (ns, name) => pods.lister.get(ns, name),
    onStorageChange(listener) {
      storageListeners.add(listener);
      return () => storageListeners.delete(listener);
    },
    stopped: stop.signal,
  };
  const writer = apiWriter(
    client,
    (pod) => pod.spec?.schedulerName ?? 'default-scheduler',
    (e) => log('debug', 'event not recorded', { error: String(e) }),
  );
  const scheduler = new Scheduler({
    config,
    cluster,
    writer,
    lookupPod: (key) => pods.indexer.get(key),
    ...(o.registry ? { registry: o.registry } : {}),
    log,
  });
  const unregister = registerEventHandlers(scheduler, { pods, nodes, claims, volumes, classes });
  factory.start();
  if (!(await factory.waitForSync(stop.signal))) throw new Error('scheduler informers did not sync');

  const le = config.leaderElection;
  const leaderElect = o.leaderElect ?? le.leaderElect;
  let leading = !leaderElect;
  let loop: Promise<void>;
  if (!leaderElect) {
    loop = scheduler.run(stop.signal);
    log('info', 'scheduler started (no leader election)');
  } else {
    const identity = o.identity ?? `${hostname()}_${randomUUID()}`;
    loop = (async () => {
      while (!stop.signal.aborted) {
        const elector = new LeaderElector({
          client,
          namespace: le.resourceNamespace,
          name: le.resourceName,
          identity,
          leaseDurationMs: le.leaseDurationMs,
          renewDeadlineMs: le.renewDeadlineMs,
          retryPeriodMs: le.retryPeriodMs,
          onStartedLeading: async (signal) => {
            leading = true;
            log('info', 'became leader, scheduling', { identity });
            await scheduler.run(signal);
          },
          onStoppedLeading: () => {
            leading = false;
            log('warn', 'leader election lost', { identity });
          },
          onError: (e) => log('warn', 'leader election error', { error: String(e) }),
        });
        await elector.run(stop.signal);
      }
    })();
  }
  return {
    scheduler,
    isLeader: () => leading,
    async stop() {
      stop.abort();
      storageChanged();
      await loop.catch(() => {});
      await scheduler.drainBindings();
      unregister();
      for (const h of storageWatch) h.remove();
      await factory.shutdown();
      await writer.close();
    },
  };
}
