// The kubelet as an API client: registers its Node and keeps it and its Lease current, watches
// the pods bound to it (and the static pods of its manifest directory), runs each through a pod
// worker against the container runtime, reports their status, serves logs/exec/port-forward
// and stats on its own port, and after a restart adopts the containers it finds. The runtime
// (containerd, images, CNI) is brought up by node-runtime.ts and handed in.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  type Client,
  EventRecorder,
  InformerFactory,
  NODES,
  PODS,
  type SharedInformer,
} from '../client/index.ts';
import { DEFAULT_KUBELET_PORT } from './defaults.ts';
import { errorText, type Log, silentLog } from './internal/log.ts';
import { every } from './internal/timers.ts';
import { readMachineInfo } from './node/machine-info.ts';
import { NodeLease } from './node/node-lease.ts';
import type { NodeFacts } from './node/node-status.ts';
import { nodeResources } from './node/node-status.ts';
import { NodeStatusManager } from './node/node-status-manager.ts';
import { RuntimeHealth } from './node/runtime-health.ts';
import type { NodeRuntime } from './node-runtime.ts';
import { type ClusterDNS, parseResolvConf } from './pod/dns.ts';
import { ImagePullBackoff } from './pod/image-pull.ts';
import { podSemanticallyEqual } from './pod/pod-semantics.ts';
import { DEFAULT_PODS_CGROUP } from './pod/qos.ts';
import { RestartBackoff } from './pod/restart-backoff.ts';
import { ObjectCache } from './pods/object-cache.ts';
import { Pleg } from './pods/pleg.ts';
import type { PodContext } from './pods/pod-context.ts';
import type { PodSyncDeps } from './pods/pod-sync.ts';
import { PodWorkers } from './pods/pod-workers.ts';
import { StatusManager } from './pods/status-manager.ts';
import type { TargetPolicy } from './probes/network-target.ts';
import { ProbeManager } from './probes/probe-manager.ts';
import { KubeletServer } from './server/kubelet-server.ts';
import { ManifestSource } from './static-pods/manifest-source.ts';
import { MirrorPods } from './static-pods/mirror-pods.ts';
import { isMirrorPod } from './static-pods/static-pod.ts';
import { VolumeManager } from './volumes/volume-manager.ts';

export { DEFAULT_KUBELET_PORT };

const UID_INDEX = 'uid';

export interface KubeletOptions {
  client: Client;
  runtime: NodeRuntime;
  nodeName: string;
  /** The node's InternalIP; the kubelet's server listens on it unless `address` says otherwise. */
  nodeIP: string;
  /** The kubelet's own files (pod volumes, etc-hosts…), e.g. <data-dir>/agent/kubelet. */
  rootDir: string;
  /** Where pods' CRI logs go (upstream /var/log/pods). */
  podLogsDir: string;
  /** Port of the kubelet's server (10250; 0 picks a free one). */
  port?: number;
  address?: string;
  podManifestPath?: string;
  /** --pod-cidr: set on the Node when the node-ipam controller has not given it one. */
  podCIDR?: string;
  /** A server node (labelled as control plane, as k3s does). */
  controlPlane?: boolean;
  nodeLabels?: Record<string, string>;
  clusterDNS?: string[];
  clusterDomain?: string;
  /** The resolv.conf pods with dnsPolicy Default get (and ClusterFirst falls back on). */
  resolvConf?: string;
  podsCgroup?: string;
  maxPods?: number;
  log?: Log;
  /** Timings (tests shorten them). */
  nodeStatusUpdateMs?: number;
  runtimeDownThresholdMs?: number;
  plegPeriodMs?: number;
}

export class Kubelet {
  readonly #o: KubeletOptions;
  readonly #log: Log;
  readonly #abort = new AbortController();
  readonly #factory: InformerFactory;
  readonly #recorder: EventRecorder;
  readonly #pods: SharedInformer<Pod>;
  readonly #nodes: SharedInformer<Node>;
  readonly #statusManager: StatusManager;
  #nodeStatus!: NodeStatusManager;
  #workers!: PodWorkers;
  #probes!: ProbeManager;
  #pleg!: Pleg;
  #server!: KubeletServer;
  #static: ManifestSource | undefined;
  #mirrors!: MirrorPods;
  #objects!: ObjectCache;
  #volumes: VolumeManager | undefined;
  #podCIDR: string | undefined;
  #networkReady = false;
  #ready = false;
  #loops: Promise<unknown>[] = [];

  constructor(o: KubeletOptions) {
    this.#o = o;
    this.#log = o.log ?? silentLog;
    this.#factory = new InformerFactory(o.client, {
      onError: (e, c) => this.#log.debug({ err: errorText(e) }, c),
    });
    this.#recorder = new EventRecorder({ client: o.client, component: 'kubelet', host: o.nodeName });
    this.#pods = this.#factory.informerFor<Pod>(PODS, {
      fieldSelector: { 'spec.nodeName': o.nodeName },
      indexers: { [UID_INDEX]: (p: Pod) => [p.metadata?.uid ?? ''] },
    });
    this.#nodes = this.#factory.informerFor<Node>(NODES, { fieldSelector: { 'metadata.name': o.nodeName } });
    this.#statusManager = new StatusManager({
      client: o.client,
      log: this.#log,
      apiPod: (ns, name) => this.#pods.lister.get(ns, name),
    });
  }

  get nodeName(): string {
    return this.#o.nodeName;
  }

  /** The port the kubelet's server listens on. */
  get port(): number {
    return this.#server.port;
  }

  node(): Node | undefined {
    return this.#nodes.lister.get(this.#o.nodeName);
  }

  /** The pod the kubelet runs under a UID: a (non-mirror) API pod or a static pod. */
  desiredPod(uid: string): Pod | undefined {
    const api = this.#pods.lister.byIndex(UID_INDEX, uid).find((p) => !isMirrorPod(p));
    return api ?? this.#static?.get(uid);
  }

  podByName(namespace: string, name: string): Pod | undefined {
    const api = this.#pods.lister.get(namespace, name);
    if (api && !isMirrorPod(api)) return api;
    return this.#static?.list().find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
  }

  desiredPods(): Pod[] {
    return [...this.#pods.lister.list().filter((p) => !isMirrorPod(p)), ...(this.#static?.list() ?? [])];
  }

  #policy(): TargetPolicy {
    return { podCIDR: this.#podCIDR, hostIPs: [this.#o.nodeIP] };
  }

  async start(): Promise<void> {
    const o = this.#o;
    const signal = this.#abort.signal;
    mkdirSync(o.rootDir, { recursive: true });
    mkdirSync(o.podLogsDir, { recursive: true });
    const cri = o.runtime.cri;
    const version = await cri.version();
    const machine = readMachineInfo(o.rootDir);

    this.#server = new KubeletServer({
      host: o.address ?? o.nodeIP,
      port: o.port ?? DEFAULT_KUBELET_PORT,
      cri,
      log: this.#log,
      nodeName: o.nodeName,
      podByName: (ns, name) => this.podByName(ns, name),
      pods: () => this.desiredPods(),
      podStatus: (pod) => {
        const status = this.#statusManager.get(pod.metadata?.uid ?? '');
        return status ? { ...pod, status } : pod;
      },
    });
    const port = await this.#server.listen();

    const facts: NodeFacts = {
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
      machine,
      containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
      kubeletPort: port,
      maxPods: o.maxPods,
      controlPlane: o.controlPlane,
      labels: o.nodeLabels,
      podCIDR: o.podCIDR,
    };
    this.#nodeStatus = new NodeStatusManager({
      client: o.client,
      cri,
      facts,
      rootDir: o.rootDir,
      recorder: this.#recorder,
      log: this.#log,
      cachedNode: () => this.node(),
      statusUpdateMs: o.nodeStatusUpdateMs,
      health: new RuntimeHealth({ thresholdMs: o.runtimeDownThresholdMs }),
    });
    await this.#nodeStatus.register(signal);
    if (o.podCIDR) await this.#nodeStatus.setPodCIDRIfEmpty(o.podCIDR);

    const { allocatable } = nodeResources(facts);
    const ctx: PodContext = {
      cri,
      recorder: this.#recorder,
      log: this.#log,
      nodeName: o.nodeName,
      hostIPs: () => [o.nodeIP],
      settings: {
        dns: this.#clusterDNS(),
        podsCgroup: o.podsCgroup ?? DEFAULT_PODS_CGROUP,
        podLogsRoot: o.podLogsDir,
        memoryCapacity: machine.memoryBytes,
        nodeAllocatable: {
          cpu: allocatable?.cpu,
          memory: allocatable?.memory,
          'ephemeral-storage': allocatable?.['ephemeral-storage'],
        },
      },
      rootDir: o.rootDir,
      runtimeName: version.runtimeName,
      restartBackoff: new RestartBackoff(),
      imageBackoff: new ImagePullBackoff(),
      objects: undefined as unknown as ObjectCache,
      waitingReasons: new Map(),
    };
    this.#objects = new ObjectCache(this.#factory, (kind, namespace, name) =>
      this.#objectChanged(kind, namespace, name),
    );
    ctx.objects = this.#objects;
    this.#probes = new ProbeManager({
      cri,
      log: this.#log,
      policy: () => this.#policy(),
      onChange: (uid) => this.#workers.update(uid),
      onUnhealthy: (pod, container, message) =>
        this.#recorder.event(
          {
            kind: 'Pod',
            apiVersion: 'v1',
            namespace: pod.metadata?.namespace,
            name: pod.metadata?.name,
            uid: pod.metadata?.uid,
            fieldPath: `spec.containers{${container.name}}`,
          },
          'Warning',
          'Unhealthy',
          message,
        ),
    });
    const volumes = (this.#volumes = new VolumeManager({
      client: o.client,
      log: this.#log,
      rootDir: o.rootDir,
      objects: this.#objects,
      allocatable: () => ctx.settings.nodeAllocatable,
    }));
    const deps: PodSyncDeps = {
      ctx,
      status: this.#statusManager,
      volumes,
      probes: this.#probes,
      policy: () => this.#policy(),
      statusTarget: (pod) => ({ namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' }),
      networkReady: () => this.#networkReady,
      // Before the first relist nothing is known: read the runtime (a restarted kubelet adopts).
      inRuntime: (uid) => !this.#pleg.ready || this.#pleg.holds(uid),
    };
    this.#workers = new PodWorkers(deps, { get: (uid) => this.desiredPod(uid) });
    this.#mirrors = new MirrorPods({ client: o.client, log: this.#log, node: () => this.node() });
    this.#pleg = new Pleg({
      cri,
      log: this.#log,
      onChange: (uid, fingerprint) => this.#workers.update(uid, fingerprint),
      periodMs: o.plegPeriodMs,
    });

    this.#nodes.addEventHandler({
      onAdd: (node) => this.#nodeChanged(node),
      onUpdate: (_old, node) => this.#nodeChanged(node),
    });
    this.#pods.addEventHandler({
      onAdd: (pod) => this.#podChanged(pod),
      // Status-only updates (most of them are our own writes) need no sync: as upstream's
      // config source, only changes of spec or metadata reach the pod worker.
      onUpdate: (old, pod) => {
        if (!podSemanticallyEqual(old, pod)) this.#podChanged(pod);
      },
      onDelete: (pod) => this.#podChanged(pod),
    });
    this.#factory.start();
    if (!(await this.#factory.waitForSync(signal))) return;

    this.#nodeStatus.start(signal);
    const lease = new NodeLease({
      client: o.client,
      nodeName: o.nodeName,
      node: () => this.node(),
      log: this.#log,
    });
    this.#loops.push(lease.run(signal));

    if (o.podManifestPath) {
      this.#static = new ManifestSource({
        dir: o.podManifestPath,
        nodeName: o.nodeName,
        log: this.#log,
        onChange: (uids) => {
          for (const uid of uids) this.#workers.update(uid);
          this.#reconcileMirrors();
        },
      });
      this.#static.start();
    }
    this.#ready = true;
    // Adoption and orphans: only now that the desired pods are known is the runtime's state
    // compared with them (a restarted kubelet must not kill pods it has not heard of yet).
    await this.#pleg
      .relist()
      .catch((err) => this.#log.warn({ err: errorText(err) }, 'initial relist failed'));
    for (const pod of this.desiredPods()) this.#workers.update(pod.metadata?.uid ?? '');
    this.#pleg.start(signal);
    this.#loops.push(
      every(
        2000,
        async () => this.#housekeeping(),
        signal,
        (err) => this.#log.debug({ err: errorText(err) }, 'housekeeping'),
      ).done,
    );
    this.#reconcileMirrors();
    this.#log.info({ node: o.nodeName, port }, 'kubelet started');
  }

  #clusterDNS(): ClusterDNS {
    let host: ClusterDNS['host'];
    const path = this.#o.resolvConf ?? '/etc/resolv.conf';
    if (path) {
      try {
        host = parseResolvConf(readFileSync(path, 'utf8'));
      } catch {
        host = undefined;
      }
    }
    return { servers: this.#o.clusterDNS ?? [], domain: this.#o.clusterDomain ?? 'cluster.local', host };
  }

  #nodeChanged(node: Node): void {
    const cidr = node.spec?.podCIDR;
    if (!cidr || cidr === this.#podCIDR) return;
    this.#podCIDR = cidr;
    this.#o.runtime
      .setupPodNetwork(cidr)
      .then(() => {
        this.#networkReady = true;
        this.#log.info({ podCIDR: cidr }, 'pod network set up');
        // containerd notices the CNI config within a moment: ask again soon rather than in 5 s.
        this.#nodeStatus.checkRuntimeSoon(200);
        this.#nodeStatus.checkRuntimeSoon(1000);
        for (const pod of this.desiredPods()) this.#workers.update(pod.metadata?.uid ?? '');
      })
      .catch((err) => this.#log.error({ podCIDR: cidr, err: errorText(err) }, 'pod network setup failed'));
  }

  #podChanged(pod: Pod): void {
    if (isMirrorPod(pod)) {
      if (this.#ready) this.#reconcileMirrors();
      return;
    }
    if (this.#ready) this.#workers.update(pod.metadata?.uid ?? '');
  }

  /** Pods of the namespace that use the ConfigMap/Secret sync again (volumes rewritten). */
  #objectChanged(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): void {
    for (const pod of this.desiredPods()) {
      if (pod.metadata?.namespace !== namespace) continue;
      const text = JSON.stringify(pod.spec ?? {});
      const needle = kind === 'ConfigMap' ? `"name":"${name}"` : `"secretName":"${name}"`;
      if (text.includes(needle) || text.includes(`"name":"${name}"`))
        this.#workers.update(pod.metadata?.uid ?? '');
    }
  }

  #reconcileMirrors(): void {
    if (!this.#static) {
      const stale = this.#pods.lister.list().filter(isMirrorPod);
      if (stale.length === 0) return;
    }
    const mirrors = this.#pods.lister.list().filter(isMirrorPod);
    this.#mirrors
      .reconcile(this.#static?.list() ?? [], mirrors)
      .catch((err) => this.#log.warn({ err: errorText(err) }, 'mirror pods'));
  }

  /** Pods the runtime holds that nobody wants any more get a worker that removes them. */
  async #housekeeping(): Promise<void> {
    const known = new Set(this.#workers.known());
    for (const uid of this.#pleg.runtimePods()) {
      if (!known.has(uid) && !this.desiredPod(uid)) this.#workers.update(uid);
    }
  }

  /** Stops the kubelet; the pods' containers keep running (a restarted kubelet adopts them). */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#static?.stop();
    this.#probes?.stop();
    await this.#workers?.stop();
    await Promise.allSettled([this.#pleg?.stopped(), this.#nodeStatus?.stopped(), ...this.#loops]);
    await this.#factory.shutdown();
    await this.#statusManager.settled();
    this.#statusManager.stop();
    await this.#recorder.flush().catch(() => {});
    await this.#recorder.shutdown();
    await this.#server?.close();
    this.#volumes?.close();
  }
}
