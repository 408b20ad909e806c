// The resource metrics API's objects (metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, what
// `kubectl top` and HorizontalPodAutoscalers read) from one kubelet's /stats/summary, with
// metrics-server's rules: CPU as a rate in nanocores (`123456n`), memory as the working set in
// binary units, and a node or pod left out when any of its numbers is missing — a pod is shown
// whole or not at all, so that a sum over its containers is never short.

/** The parts of the kubelet's statsapi.Summary this conversion reads. */
export interface SummaryStats {
  node: { nodeName: string; startTime?: string; cpu?: CpuSample; memory?: MemorySample };
  pods?: {
    podRef: { name: string; namespace: string; uid?: string };
    containers?: { name: string; cpu?: CpuSample; memory?: MemorySample }[];
  }[];
}

export interface CpuSample {
  time: string;
  usageNanoCores?: number;
}

export interface MemorySample {
  time: string;
  workingSetBytes?: number;
}

export interface Usage {
  cpu: string;
  memory: string;
}

export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: Usage;
}

export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: { name: string; usage: Usage }[];
}

/** What one scrape of one node gave. */
export interface NodeSample {
  node?: NodeMetrics;
  pods: PodMetrics[];
}

/**
 * A count of bytes as a binary-SI quantity the way Kubernetes prints it: the largest of
 * Ki/Mi/Gi/Ti/Pi/Ei that divides it exactly, else plain bytes.
 */
export function binaryQuantity(bytes: number): string {
  const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let value = Math.round(bytes);
  let i = 0;
  while (i < suffixes.length - 1 && value !== 0 && value % 1024 === 0) {
    value /= 1024;
    i++;
  }
  return `${value}${suffixes[i]}`;
}

/** CPU nanocores as a quantity: `0` or `<n>n`, as metrics-server reports it. */
export function nanoCoresQuantity(nanoCores: number): string {
  const n = Math.round(nanoCores);
  return n === 0 ? '0' : `${n}n`;
}

function usage(cpu: CpuSample | undefined, memory: MemorySample | undefined): Usage | undefined {
  if (cpu?.usageNanoCores === undefined || memory?.workingSetBytes === undefined) return undefined;
  return { cpu: nanoCoresQuantity(cpu.usageNanoCores), memory: binaryQuantity(memory.workingSetBytes) };
}

/** The later of the samples' times (metrics-server stamps an object with its newest sample). */
function latest(times: string[]): string {
  let best = times[0]!;
  for (const t of times) if (Date.parse(t) > Date.parse(best)) best = t;
  return new Date(Math.floor(Date.parse(best) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface ConvertOptions {
  /** The window the rates cover (metrics-server's resolution), e.g. "15s". */
  window: string;
  /** When the API answers (every object's creationTimestamp, as metrics-server sets it). */
  now: Date;
  /** Labels of the node and of pods by "namespace/name" (metrics objects carry their subject's). */
  nodeLabels?: Record<string, string>;
  podLabels?: (namespace: string, name: string) => Record<string, string> | undefined;
}

export function summaryToMetrics(summary: SummaryStats, options: ConvertOptions): NodeSample {
  const created = new Date(Math.floor(options.now.getTime() / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
  const sample: NodeSample = { pods: [] };
  const nodeUsage = usage(summary.node.cpu, summary.node.memory);
  if (nodeUsage) {
    sample.node = {
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: summary.node.nodeName,
        creationTimestamp: created,
        ...(options.nodeLabels ? { labels: options.nodeLabels } : {}),
      },
      timestamp: latest([summary.node.cpu!.time, summary.node.memory!.time]),
      window: options.window,
      usage: nodeUsage,
    };
  }
  for (const pod of summary.pods ?? []) {
    const containers: PodMetrics['containers'] = [];
    const times: string[] = [];
    let complete = (pod.containers?.length ?? 0) > 0;
    for (const c of pod.containers ?? []) {
      const u = usage(c.cpu, c.memory);
      if (!u) {
        complete = false;
        break;
      }
      containers.push({ name: c.name, usage: u });
      times.push(c.cpu!.time, c.memory!.time);
    }
    if (!complete) continue;
    const { name, namespace } = pod.podRef;
    const labels = options.podLabels?.(namespace, name);
    sample.pods.push({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name, namespace, creationTimestamp: created, ...(labels ? { labels } : {}) },
      timestamp: latest(times),
      window: options.window,
      containers,
    });
  }
  return sample;
}
