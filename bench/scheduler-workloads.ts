// The workloads of bench/scheduler.ts, after upstream scheduler_perf's performance-config.yaml:
// node counts, init pods, measured pods and their templates (pause pods requesting 100m/500Mi).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';

export interface WorkloadPods {
  name: string;
  /** Default 5,000 (times --scale). */
  nodes?: number;
  zones: number;
  initCount: number;
  measuredCount: number;
  init: (i: number) => Pod;
  measured: (i: number) => Pod;
  /** Upstream's threshold (pods/s), where it has one. */
  floor?: number;
  priorityClasses?: { name: string; value: number }[];
}

const requests = { cpu: '100m', memory: '500Mi' };

function pause(
  name: string,
  namespace: string,
  extra: Partial<NonNullable<Pod['spec']>> = {},
  labels: Record<string, string> = {},
  resources: Record<string, string> = requests,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          ports: [{ containerPort: 80 }],
          resources: { requests: resources, limits: resources },
        },
      ],
      ...extra,
    },
  };
}

const antiAffinity = (name: string, ns: string) =>
  pause(
    name,
    ns,
    {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { color: 'green' } },
              topologyKey: 'kubernetes.io/hostname',
              namespaces: ['sched-test', 'sched-setup'],
            },
          ],
        },
      },
    },
    { color: 'green', name: 'test' },
  );

const spreading = (when: 'DoNotSchedule' | 'ScheduleAnyway') => (name: string, ns: string) =>
  pause(
    name,
    ns,
    {
      topologySpreadConstraints: [
        {
          maxSkew: 5,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: when,
          labelSelector: { matchLabels: { color: 'blue' } },
        },
      ],
    },
    { color: 'blue' },
  );

const nodeAffinity = (name: string, ns: string) =>
  pause(name, ns, {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-0', 'zone-1'] },
              ],
            },
          ],
        },
      },
    },
  });

/** `priority` sets spec.priority directly (for in-memory runs, where no Priority admission resolves the class). */
export function workloads(scale = 1, priority = false): WorkloadPods[] {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const basic = (name: string, ns: string) => pause(name, ns);
  const prio = (cls: string, value: number) =>
    priority ? { priorityClassName: cls, priority: value } : { priorityClassName: cls };
  return [
    {
      name: 'SchedulingBasic',
      nodes: n(5000),
      zones: 3,
      initCount: n(1000),
      measuredCount: n(10000),
      init: (i) => basic(`init-${i}`, 'sched-setup'),
      measured: (i) => basic(`pod-${i}`, 'sched-test'),
      floor: 680,
    },
    {
      name: 'NodeAffinity',
      nodes: n(5000),
      zones: 1,
      initCount: n(1000),
      measuredCount: n(10000),
      init: (i) => basic(`init-${i}`, 'sched-setup'),
      measured: (i) => nodeAffinity(`pod-${i}`, 'sched-test'),
      floor: 220,
    },
    {
      name: 'TopologySpreading',
      nodes: n(5000),
      zones: 3,
      initCount: n(1000),
      measuredCount: n(10000),
      init: (i) => basic(`init-${i}`, 'sched-setup'),
      measured: (i) => spreading('DoNotSchedule')(`pod-${i}`, 'sched-test'),
      floor: 85,
    },
    {
      name: 'PreferredTopologySpreading',
      nodes: n(5000),
      zones: 3,
      initCount: n(1000),
      measuredCount: n(10000),
      init: (i) => basic(`init-${i}`, 'sched-setup'),
      measured: (i) => spreading('ScheduleAnyway')(`pod-${i}`, 'sched-test'),
      floor: 125,
    },
    {
      name: 'PodAntiAffinity',
      nodes: n(5000),
      zones: 3,
      initCount: n(1000),
      measuredCount: n(1000),
      init: (i) => antiAffinity(`init-${i}`, 'sched-setup'),
      measured: (i) => antiAffinity(`pod-${i}`, 'sched-test'),
      floor: 60,
    },
    {
      name: 'Preemption',
      nodes: n(500),
      zones: 3,
      priorityClasses: [
        { name: 'low', value: 0 },
        { name: 'high', value: 10 },
      ],
      initCount: n(2000),
      measuredCount: n(500),
      init: (i) => pause(`low-${i}`, 'sched-setup', prio('low', 0), {}, { cpu: '900m', memory: '500Mi' }),
      measured: (i) =>
        pause(`high-${i}`, 'sched-test', prio('high', 10), {}, { cpu: '900m', memory: '500Mi' }),
    },
  ];
}
