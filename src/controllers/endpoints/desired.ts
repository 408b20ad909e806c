// The Endpoints a Service should have (upstream's endpoints controller syncService, pure part):
// one address per selected pod with an IP of the Service's family, ready or not ready, with
// every Service port resolved on the pod (named targetPorts looked up in its containers), then
// repacked into subsets of identical port sets, capped at 1000 addresses.
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Endpoints,
  Pod,
  Service,
} from 'kubernetes-types/core/v1.d.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import { podIPs } from '../internal/pods.ts';
import {
  findPort,
  HEADLESS_LABEL,
  isIPv6,
  isPodReady,
  isServiceIPSet,
  LAST_CHANGE_TRIGGER_TIME,
  rfc3339Nano,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../internal/service-endpoints.ts';

export const MAX_CAPACITY = 1000;
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';

/** The address of a pod for a Service, in the Service's IP family (undefined: the pod has none). */
export function podToEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let v6 = false;
  const families = svc.spec?.ipFamilies ?? [];
  if (families.length > 0) v6 = families[0] === 'IPv6';
  else if (isServiceIPSet(svc)) v6 = isIPv6(svc.spec?.clusterIP ?? '');
  else v6 = isIPv6(pod.status?.podIP ?? '');
  const ip = podIPs(pod).find((a) => isIPv6(a) === v6);
  if (!ip) return undefined;
  return {
    ip,
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
  };
}

/** The subsets for a Service and the pods its selector matched, repacked and sorted. */
export function desiredSubsets(
  svc: Service,
  pods: readonly Pod[],
): { subsets: EndpointSubset[]; ready: number; notReady: number } {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const raw: EndpointSubset[] = [];
  let ready = 0;
  let notReady = 0;
  const add = (pod: Pod, addr: EndpointAddress, port: EndpointPort | undefined) => {
    const ports = port ? [port] : [];
    if (tolerateUnready || isPodReady(pod)) {
      raw.push({ addresses: [addr], ports });
      ready++;
    } else {
      raw.push({ notReadyAddresses: [addr], ports });
      notReady++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr = podToEndpointAddress(svc, pod);
    if (!addr) continue;
    if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec!.hostname!;
    const servicePorts = svc.spec?.ports ?? [];
    if (servicePorts.length === 0) {
      // A headless Service may have no ports.
      if (svc.spec?.clusterIP === 'None') add(pod, addr, undefined);
      continue;
    }
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const epp: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      add(pod, addr, epp);
    }
  }
  return { subsets: repackSubsets(raw), ready, notReady };
}

const addressKey = (a: EndpointAddress) => `${a.ip}|${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort) =>
  `${p.name ?? ''}|${p.port}|${p.protocol ?? 'TCP'}|${p.appProtocol ?? ''}`;

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return (
    a.ip.localeCompare(b.ip, 'en', { numeric: true }) ||
    (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '')
  );
}

/**
 * Groups addresses by the exact set of ports they offer (upstream's RepackSubsets): one subset per
 * distinct port set, an address ready if it is ready anywhere, everything sorted.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  // port key → (address key → ready)
  const byPort = new Map<string, { port: EndpointPort | undefined; ready: Map<string, boolean> }>();
  const note = (port: EndpointPort | undefined, s: EndpointSubset) => {
    const key = port ? portKey(port) : '<none>';
    let entry = byPort.get(key);
    if (!entry) byPort.set(key, (entry = { port, ready: new Map() }));
    for (const a of s.addresses ?? []) {
      addresses.set(addressKey(a), a);
      entry.ready.set(addressKey(a), true);
    }
    for (const a of s.notReadyAddresses ?? []) {
      addresses.set(addressKey(a), a);
      if (!entry.ready.has(addressKey(a))) entry.ready.set(addressKey(a), false);
    }
  };
  for (const s of subsets) {
    if (!s.ports?.length) note(undefined, s);
    else for (const p of s.ports) note(p, s);
  }
  // Address sets → the ports they share.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = [...ready]
      .map(([k, r]) => `${k}=${r}`)
      .sort()
      .join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ready, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const subset: EndpointSubset = {};
    const ready = [...g.ready]
      .filter(([, r]) => r)
      .map(([k]) => addresses.get(k)!)
      .sort(compareAddresses);
    const notReady = [...g.ready]
      .filter(([, r]) => !r)
      .map(([k]) => addresses.get(k)!)
      .sort(compareAddresses);
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (g.ports.length) subset.ports = g.ports.sort((a, b) => portKey(a).localeCompare(portKey(b)));
    out.push(subset);
  }
  const first = (s: EndpointSubset) => (s.addresses?.[0] ?? s.notReadyAddresses?.[0])?.ip ?? '';
  return out.sort(
    (a, b) =>
      first(a).localeCompare(first(b), 'en', { numeric: true }) ||
      JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)),
  );
}

/**
 * Caps the addresses at MAX_CAPACITY (upstream's truncateEndpoints): ready addresses first, each
 * subset keeping its proportional share. Returns whether anything was cut.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
  }
  return true;
}

export type EndpointsAction = { action: 'none' } | { action: 'create' | 'update'; endpoints: Endpoints };

const withoutResourceVersions = (subsets: readonly EndpointSubset[] | undefined) =>
  JSON.parse(JSON.stringify(subsets ?? []), (k, v) => (k === 'resourceVersion' ? undefined : v));

function countAddresses(subsets: readonly EndpointSubset[] | undefined): number {
  return (subsets ?? []).reduce(
    (n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0),
    0,
  );
}

/**
 * What to write for a Service given its current Endpoints (undefined: none yet) and the
 * desired subsets; `triggerTimeMs` is the tracker's answer for this sync.
 */
export function endpointsAction(
  svc: Service,
  current: Endpoints | undefined,
  subsets: EndpointSubset[],
  triggerTimeMs: number | undefined,
): EndpointsAction {
  const serviceLabels = svc.metadata?.labels ?? {};
  if (current) {
    const { [HEADLESS_LABEL]: _h, ...compareLabels } = current.metadata?.labels ?? {};
    const capacityOk =
      countAddresses(current.subsets) <= MAX_CAPACITY &&
      current.metadata?.annotations?.[OVER_CAPACITY] === undefined;
    if (
      deepEqual(withoutResourceVersions(current.subsets), withoutResourceVersions(subsets)) &&
      deepEqual(compareLabels, serviceLabels) &&
      capacityOk
    ) {
      return { action: 'none' };
    }
  }
  const next: Endpoints = current
    ? structuredClone(current)
    : {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: svc.metadata?.name ?? '', namespace: svc.metadata?.namespace ?? '' },
      };
  next.apiVersion = 'v1';
  next.kind = 'Endpoints';
  next.subsets = structuredClone(subsets);
  const annotations: Record<string, string> = { ...next.metadata?.annotations };
  if (triggerTimeMs !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(triggerTimeMs);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  if (truncateSubsets(next.subsets)) annotations[OVER_CAPACITY] = TRUNCATED;
  else delete annotations[OVER_CAPACITY];
  const labels: Record<string, string> = { ...serviceLabels };
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  next.metadata = { ...next.metadata, labels, annotations };
  if (next.subsets.length === 0) next.subsets = [];
  return { action: current ? 'update' : 'create', endpoints: next };
}
