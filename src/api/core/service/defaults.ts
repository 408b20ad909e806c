// Service defaulting (upstream's SetDefaults_Service) and the prepare steps of its registry
// strategy: clusterIP/clusterIPs normalisation, keeping allocated values across updates, and
// wiping type-dependent fields when the type changes. IP families and the allocation of
// ClusterIPs and NodePorts belong to the API server's admission, which runs before validation.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.d.ts';
import { semanticEqual } from '../../internal/semantic.ts';
import type { Obj } from '../../internal/types.ts';

export type Svc = Obj<Service>;

export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** `service.ExternallyAccessible`: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(svc: Svc): boolean {
  const t = svc.spec?.type;
  return (
    t === 'LoadBalancer' ||
    t === 'NodePort' ||
    (t === 'ClusterIP' && (svc.spec?.externalIPs ?? []).length > 0)
  );
}

/** `service.NeedsHealthCheck`: a LoadBalancer with externalTrafficPolicy Local. */
export function needsHealthCheck(svc: Svc): boolean {
  return svc.spec?.type === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local';
}

export function isHeadless(svc: Svc): boolean {
  const ips = svc.spec?.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

export function defaultService(svc: Svc): void {
  if (!svc.spec) svc.spec = {};
  const spec = svc.spec;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (!spec.type) spec.type = 'ClusterIP';
  for (const port of spec.ports ?? []) {
    if (!port.protocol) port.protocol = 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
      port.targetPort = port.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (!spec.internalTrafficPolicy && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts ??= true;
    // LoadBalancerIPMode (beta, on by default): ingress points with an IP are VIPs unless told.
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
  }
  if (
    spec.sessionAffinity === 'ClientIP' &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined
  ) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }
}

const needsClusterIP = (svc: Svc) => svc.spec?.type !== 'ExternalName';
const needsNodePort = (svc: Svc) => svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
const canSetLoadBalancerClass = (svc: Svc) => svc.spec?.type === 'LoadBalancer';
const sameClusterIPs = (a: Svc, b: Svc) => semanticEqual(a.spec?.clusterIPs, b.spec?.clusterIPs);

/** `NormalizeClusterIPs`: keep clusterIP and clusterIPs in step for clients that set only one. */
export function normalizeClusterIPs(svc: Svc, old?: Svc): void {
  if (!svc.spec) svc.spec = {};
  const spec = svc.spec;
  if (!old) {
    if (spec.clusterIP && !(spec.clusterIPs ?? []).length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldSpec = old.spec ?? {};
  // An old client patching some other field dropped clusterIPs but kept clusterIP.
  if (
    (oldSpec.clusterIPs ?? []).length &&
    !(spec.clusterIPs ?? []).length &&
    (oldSpec.clusterIP ?? '') === (spec.clusterIP ?? '')
  ) {
    spec.clusterIPs = oldSpec.clusterIPs;
  }
  if ((oldSpec.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (oldSpec.clusterIP && !spec.clusterIP) {
      if (sameClusterIPs(old, svc)) delete spec.clusterIPs;
    } else if (sameClusterIPs(old, svc)) {
      spec.clusterIPs = [spec.clusterIP ?? ''];
    }
  }
}

/** `patchAllocatedValues`: an update that omits allocated IPs and ports keeps the old ones. */
export function patchAllocatedValues(svc: Svc, old: Svc): void {
  if (!svc.spec) svc.spec = {};
  const spec = svc.spec;
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!(spec.clusterIPs ?? []).length && (oldSpec.clusterIPs ?? []).length)
      spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const used = (ports: ServicePort[] | undefined) =>
      new Set((ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n));
    const newUsed = used(spec.ports);
    const taken = new Set([...used(oldSpec.ports)].filter((n) => newUsed.has(n)));
    const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const previous = byName.get(p.name ?? '') ?? 0;
      if (previous && !taken.has(previous)) p.nodePort = previous;
    }
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(svc) &&
    !spec.healthCheckNodePort &&
    oldSpec.healthCheckNodePort
  ) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

/** `dropTypeDependentFields`: fields the new type does not use, when the user left them as they were. */
export function dropTypeDependentFields(svc: Svc, old: Svc): void {
  if (!svc.spec) svc.spec = {};
  const spec = svc.spec;
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (sameClusterIPs(old, svc)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (semanticEqual(oldSpec.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if ((oldSpec.ipFamilyPolicy ?? '') === (spec.ipFamilyPolicy ?? '')) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    const nodePorts = (ports: ServicePort[] | undefined) => (ports ?? []).map((p) => p.nodePort ?? 0);
    if (semanticEqual(nodePorts(oldSpec.ports), nodePorts(spec.ports)))
      for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (
    needsHealthCheck(old) &&
    !needsHealthCheck(svc) &&
    (oldSpec.healthCheckNodePort ?? 0) === (spec.healthCheckNodePort ?? 0)
  ) {
    delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
  }
  if (
    canSetLoadBalancerClass(old) &&
    !canSetLoadBalancerClass(svc) &&
    (oldSpec.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null)
  ) {
    delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(old) &&
    !externallyAccessible(svc) &&
    (oldSpec.externalTrafficPolicy ?? '') === (spec.externalTrafficPolicy ?? '')
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && svc.status?.loadBalancer) svc.status.loadBalancer = {};
}
