// Values the downward API exposes: pod fields (fieldRef) and container resources
// (resourceFieldRef), for env vars now and for downwardAPI volumes later.
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { quantityMilliValue, quantityValue } from './quantity.ts';

export interface PodRuntimeFacts {
  /** The pod's IPs, primary first (empty until the sandbox has them). */
  podIPs: readonly string[];
  /** The node's IPs, primary first. */
  hostIPs: readonly string[];
}

/** fieldpath.FormatMap: sorted `key="value"` lines. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/** `metadata.labels['app']` → ['metadata.labels', 'app']. */
function splitSubscript(path: string): [string, string] | undefined {
  const m = /^(.*)\['(.*)'\]$/.exec(path);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** ExtractFieldPathAsString over a pod's metadata. */
export function extractFieldPathAsString(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const sub = splitSubscript(fieldPath);
  if (sub) {
    if (sub[0] === 'metadata.annotations') return meta.annotations?.[sub[1]] ?? '';
    if (sub[0] === 'metadata.labels') return meta.labels?.[sub[1]] ?? '';
    throw new Error(`fieldPath ${JSON.stringify(fieldPath)} does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

/** podFieldSelectorRuntimeValue: spec and status fields the kubelet knows, else metadata. */
export function podFieldValue(selector: ObjectFieldSelector, pod: Pod, facts: PodRuntimeFacts): string {
  switch (selector.fieldPath) {
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return facts.hostIPs[0] ?? '';
    case 'status.hostIPs':
      return facts.hostIPs.join(',');
    case 'status.podIP':
      return facts.podIPs[0] ?? '';
    case 'status.podIPs':
      return facts.podIPs.join(',');
  }
  return extractFieldPathAsString(pod, selector.fieldPath);
}

export type NodeAllocatable = Partial<Record<'cpu' | 'memory' | 'ephemeral-storage', string | number>>;

/** defaultPodLimitsForDownwardAPI: a limit the container does not set is the node's allocatable. */
function limitsWithNodeDefaults(
  container: Container,
  allocatable: NodeAllocatable,
): Record<string, string | number> {
  const limits: Record<string, string | number> = { ...(container.resources?.limits ?? {}) };
  for (const name of ['cpu', 'memory', 'ephemeral-storage'] as const) {
    if (limits[name] === undefined && allocatable[name] !== undefined) limits[name] = allocatable[name]!;
  }
  return limits;
}

/** containerResourceRuntimeValue: `limits.cpu` etc. divided by the divisor, rounded up. */
export function containerResourceValue(
  selector: ResourceFieldSelector,
  pod: Pod,
  container: Container,
  allocatable: NodeAllocatable,
): string {
  let target = container;
  if (selector.containerName) {
    const named = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
      (c) => c.name === selector.containerName,
    );
    if (!named) throw new Error(`container ${selector.containerName} not found`);
    target = named;
  }
  const divisor =
    selector.divisor === undefined || quantityMilliValue(selector.divisor) === 0 ? '1' : selector.divisor;
  const [kind, name] = [
    selector.resource.slice(0, selector.resource.indexOf('.')),
    selector.resource.slice(selector.resource.indexOf('.') + 1),
  ];
  const source =
    kind === 'limits'
      ? limitsWithNodeDefaults(target, allocatable)
      : kind === 'requests'
        ? (target.resources?.requests ?? {})
        : undefined;
  if (
    !source ||
    !(name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))
  ) {
    throw new Error(`unsupported container resource : ${selector.resource}`);
  }
  if (name === 'cpu') return String(Math.ceil(quantityMilliValue(source.cpu) / quantityMilliValue(divisor)));
  return String(Math.ceil(quantityValue(source[name]) / quantityValue(divisor)));
}
