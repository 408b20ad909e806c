// Defaults of KubeSchedulerConfiguration v1 (upstream's apis/config/v1 defaults): the default
// profile's plugins, all under multiPoint, and how a profile's own plugin sets merge into them.
import type { KubeSchedulerConfiguration, KubeSchedulerProfile, PluginSet, Plugins } from './types.ts';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * The default plugins, in upstream's order (which is the order filters and scores run).
 * Of the volume plugins only VolumeBinding is implemented (VolumeRestrictions, NodeVolumeLimits
 * and VolumeZone, which upstream lists around it, are not yet).
 */
export function defaultPlugins(): Plugins {
  return {
    multiPoint: {
      enabled: [
        { name: 'SchedulingGates' },
        { name: 'PrioritySort' },
        { name: 'NodeUnschedulable' },
        { name: 'NodeName' },
        { name: 'TaintToleration', weight: 3 },
        { name: 'NodeAffinity', weight: 2 },
        { name: 'NodePorts' },
        { name: 'NodeResourcesFit', weight: 1 },
        { name: 'VolumeBinding' },
        { name: 'PodTopologySpread', weight: 2 },
        { name: 'InterPodAffinity', weight: 2 },
        { name: 'DefaultPreemption' },
        { name: 'NodeResourcesBalancedAllocation', weight: 1 },
        { name: 'ImageLocality', weight: 1 },
        { name: 'DefaultBinder' },
      ],
    },
  };
}

const POINTS: (keyof Plugins)[] = [
  'multiPoint',
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
];

/** Upstream's mergePluginSet: defaults minus disabled ones, custom ones replacing defaults in place, the rest appended. */
export function mergePluginSet(defaults: PluginSet | undefined, custom: PluginSet | undefined): PluginSet {
  const disabled = [...(custom?.disabled ?? []), ...(defaults?.disabled ?? [])].map((p) => ({
    name: p.name,
  }));
  const disabledNames = new Set(disabled.map((p) => p.name));
  const customEnabled = custom?.enabled ?? [];
  const replaced = new Set<number>();
  const enabled = [];
  if (!disabledNames.has('*')) {
    for (const d of defaults?.enabled ?? []) {
      if (disabledNames.has(d.name)) continue;
      const i = customEnabled.findIndex((c) => c.name === d.name);
      if (i >= 0) {
        replaced.add(i);
        enabled.push(customEnabled[i]!);
      } else enabled.push(d);
    }
  }
  customEnabled.forEach((c, i) => {
    if (!replaced.has(i)) enabled.push(c);
  });
  const out: PluginSet = {};
  if (enabled.length) out.enabled = enabled;
  if (disabled.length) out.disabled = disabled;
  return out;
}

export function mergePlugins(defaults: Plugins, custom: Plugins | undefined): Plugins {
  if (!custom) return defaults;
  const out: Plugins = {};
  for (const p of POINTS) {
    const merged = mergePluginSet(defaults[p], custom[p]);
    if (merged.enabled || merged.disabled) out[p] = merged;
  }
  return out;
}

export interface ResolvedProfile
  extends Required<Pick<KubeSchedulerProfile, 'schedulerName' | 'plugins' | 'pluginConfig'>> {
  percentageOfNodesToScore: number | undefined;
}

export interface ResolvedConfiguration {
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  leaderElection: {
    leaderElect: boolean;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
    resourceName: string;
    resourceNamespace: string;
  };
  profiles: ResolvedProfile[];
}

/** Parses a Go duration such as `15s`, `1m30s`, `500ms` into milliseconds. */
export function parseDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== s.length || s.length === 0) throw new Error(`invalid duration "${s}"`);
  return total;
}

/** Fills in every default (upstream's SetDefaults_KubeSchedulerConfiguration). */
export function resolveConfiguration(cfg: KubeSchedulerConfiguration = {}): ResolvedConfiguration {
  const profiles = cfg.profiles?.length ? cfg.profiles : [{}];
  const le = cfg.leaderElection ?? {};
  return {
    percentageOfNodesToScore: cfg.percentageOfNodesToScore ?? 0,
    podInitialBackoffSeconds: cfg.podInitialBackoffSeconds ?? 1,
    podMaxBackoffSeconds: cfg.podMaxBackoffSeconds ?? 10,
    leaderElection: {
      leaderElect: le.leaderElect ?? true,
      leaseDurationMs: parseDuration(le.leaseDuration ?? '15s'),
      renewDeadlineMs: parseDuration(le.renewDeadline ?? '10s'),
      retryPeriodMs: parseDuration(le.retryPeriod ?? '2s'),
      resourceName: le.resourceName ?? 'kube-scheduler',
      resourceNamespace: le.resourceNamespace ?? 'kube-system',
    },
    profiles: profiles.map((p) => ({
      schedulerName: p.schedulerName ?? DEFAULT_SCHEDULER_NAME,
      percentageOfNodesToScore: p.percentageOfNodesToScore,
      plugins: mergePlugins(defaultPlugins(), p.plugins),
      pluginConfig: p.pluginConfig ?? [],
    })),
  };
}
