// What a controller is to the controller manager: a name (upstream's, as `--controllers` takes
// it), whether it runs by default, and how to start it from the shared client, informers and
// event recorder. Each controller folder exports one of these; the tables in
// workload-controllers.ts and core-controllers.ts list them.
import type { Client, EventRecorder, InformerFactory } from '../client/index.ts';

export interface ControllerManagerSettings {
  /** Node lifecycle: how long a node's Lease may go unrenewed before it is Unknown (upstream 40 s). */
  nodeMonitorGracePeriodMs: number;
  /** Node IPAM: the pod network, cut into one /24 per node. */
  clusterCIDR: string;
  /** Cluster-signing / root CA bundle published as kube-root-ca.crt in every namespace. */
  rootCACert?: string;
  /** local-path provisioner: where volumes live on nodes (k3s: <data-dir>/storage; default /var/lib/kts/storage). */
  localPathStorageDir?: string;
  /** PodGC: terminated pods kept at most (upstream --terminated-pod-gc-threshold 12500). */
  terminatedPodGCThreshold: number;
  /** HPA: how often each HorizontalPodAutoscaler is reconciled (upstream 15 s). */
  hpaSyncPeriodMs: number;
  /** HPA: the window whose highest recommendation a scale-down may not go below (upstream 5 min). */
  hpaDownscaleStabilizationMs: number;
  /** HPA: the usage-to-target ratio distance within which nothing changes (upstream 0.1). */
  hpaTolerance: number;
  /** HPA: how long after a pod starts its CPU samples are trusted only once it is ready (5 min). */
  hpaCpuInitializationPeriodMs: number;
  /** HPA: how long after start a pod's readiness change still counts as its first (30 s). */
  hpaInitialReadinessDelayMs: number;
  /** A clock for tests (defaults to Date.now). */
  now(): number;
}

export interface ControllerContext {
  client: Client;
  informers: InformerFactory;
  /** An event recorder reporting as `component` (e.g. `deployment-controller`). */
  recorder(component: string): EventRecorder;
  settings: ControllerManagerSettings;
  signal: AbortSignal;
}

export interface RunningController {
  stop(): Promise<void>;
}

export interface ControllerDefinition {
  /** Upstream's name in --controllers: `replicaset`, `deployment`, `endpointslice`, `garbage-collector` … */
  name: string;
  enabledByDefault: boolean;
  start(ctx: ControllerContext): Promise<RunningController>;
}
