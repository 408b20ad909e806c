// Pod → the CRI PodSandboxConfig (generatePodSandboxConfig): metadata, hostname, DNS, log
// directory, hostPort mappings, labels and annotations, cgroup parent, security context,
// sysctls and the pod's aggregate resources.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodSandboxConfig, PortMapping, Protocol } from '../cri/types.ts';
import { type ClusterDNS, podDnsConfig, podHostname } from './dns.ts';
import { podLogDirectory, podSandboxAnnotations, podSandboxLabels } from './labels.ts';
import { DEFAULT_PODS_CGROUP, podCgroupParent } from './qos.ts';
import { calculateLinuxResources, type ResourceSettings, sandboxLinuxResources } from './resources.ts';
import { sandboxSecurityContext } from './security-context.ts';

export interface SandboxSettings extends ResourceSettings {
  dns: ClusterDNS;
  /** Root of pod cgroups (default /kubepods). */
  podsCgroup?: string;
  /** Root of pod log directories (default /var/log/pods). */
  podLogsRoot?: string;
}

export interface SandboxConfigResult {
  config: PodSandboxConfig;
  /** Events upstream would record on the pod (e.g. DNS limits exceeded). */
  warnings: { reason: string; message: string }[];
}

/** MakePortMappings: every declared port, de-duplicated on (protocol, port, hostPort, hostIP). */
export function podPortMappings(pod: Pod): PortMapping[] {
  const seen = new Set<string>();
  const mappings: PortMapping[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      const protocol = (p.protocol ?? 'TCP') as Protocol;
      const key = `${protocol}/${p.containerPort}/${p.hostPort ?? 0}/${p.hostIP ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      mappings.push({
        protocol,
        containerPort: p.containerPort,
        hostPort: p.hostPort ?? 0,
        hostIp: p.hostIP ?? '',
      });
    }
  }
  return mappings;
}

/** `attempt` counts sandbox re-creations for this pod (0 for the first). Throws on a bad hostname. */
export function podSandboxConfig(pod: Pod, attempt: number, settings: SandboxSettings): SandboxConfigResult {
  const dns = podDnsConfig(pod, settings.dns);
  const config: PodSandboxConfig = {
    metadata: {
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? '',
      uid: pod.metadata?.uid ?? '',
      attempt,
    },
    labels: podSandboxLabels(pod),
    annotations: podSandboxAnnotations(pod),
    dnsConfig: dns.config,
    logDirectory: podLogDirectory(pod, settings.podLogsRoot),
    linux: {
      cgroupParent: podCgroupParent(pod, settings.podsCgroup ?? DEFAULT_PODS_CGROUP),
      securityContext: sandboxSecurityContext(pod),
      sysctls: Object.fromEntries((pod.spec?.securityContext?.sysctls ?? []).map((s) => [s.name, s.value])),
      resources: sandboxLinuxResources(pod, settings),
    },
  };
  const overhead = pod.spec?.overhead;
  if (overhead) {
    // Overhead is treated as guaranteed: requests equal to limits.
    config.linux!.overhead = calculateLinuxResources(overhead.cpu, overhead.cpu, overhead.memory, settings);
  }
  if (!pod.spec?.hostNetwork) config.hostname = podHostname(pod, settings.dns.domain).hostname;
  const ports = podPortMappings(pod);
  if (ports.length) config.portMappings = ports;
  return { config, warnings: dns.warnings };
}
