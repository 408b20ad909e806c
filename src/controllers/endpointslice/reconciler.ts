// The EndpointSlices a Service should have (upstream's endpointslice Reconciler, pure part):
// per address type and per distinct set of pod ports, the Service's pods as endpoints with
// ready/serving/terminating conditions, at most 100 per slice. Existing slices are kept where
// they still fit (few writes), changed endpoints updated in place, room in changed slices used
// before new slices are made; a Service without endpoints keeps one empty placeholder slice.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import { isPodReady, isPodTerminating, podIPs } from '../internal/pods.ts';
import {
  findPort,
  HEADLESS_LABEL,
  isIPv6,
  isServiceIPSet,
  LAST_CHANGE_TRIGGER_TIME,
  rfc3339Nano,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../internal/service-endpoints.ts';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;
const LABEL_ZONE = 'topology.kubernetes.io/zone';

export type AddressType = 'IPv4' | 'IPv6';

export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** The address types a Service's slices carry (its IP families; guessed for old objects). */
export function addressTypesForService(svc: Service): AddressType[] {
  const families = (svc.spec?.ipFamilies ?? []).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  if (families.length) return [...new Set(families)];
  if (isServiceIPSet(svc)) return [isIPv6(svc.spec?.clusterIP ?? '') ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** The endpoint of a pod (upstream's podToEndpoint). */
export function podToEndpoint(
  pod: Pod,
  node: Node | undefined,
  svc: Service,
  addressType: AddressType,
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = isPodTerminating(pod);
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6')),
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[LABEL_ZONE];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname!;
  return ep;
}

/** The slice ports of a pod for a Service (upstream's getEndpointPorts). */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0 && svc.spec?.clusterIP === 'None') return [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

const portSortKey = (p: EndpointPort) =>
  `${p.name ?? ''}|${p.port ?? ''}|${p.protocol ?? ''}|${p.appProtocol ?? ''}`;

/** Identifies a set of ports whatever its order. */
export function portMapKey(ports: readonly EndpointPort[] | undefined | null): string {
  return JSON.stringify((ports ?? []).map(portSortKey).sort());
}

/** Identifies an endpoint across syncs (upstream hashes addresses, hostname and the target). */
export function endpointKey(ep: Endpoint): string {
  return `${[...ep.addresses].sort().join(',')}|${ep.hostname ?? ''}|${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}`;
}

/** Same endpoint in every field the key does not cover (target resourceVersion ignored). */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  const { resourceVersion: _a, ...ta } = a.targetRef ?? {};
  const { resourceVersion: _b, ...tb } = b.targetRef ?? {};
  return (
    (a.nodeName ?? null) === (b.nodeName ?? null) &&
    (a.zone ?? null) === (b.zone ?? null) &&
    (a.conditions?.ready ?? null) === (b.conditions?.ready ?? null) &&
    (a.conditions?.serving ?? null) === (b.conditions?.serving ?? null) &&
    (a.conditions?.terminating ?? null) === (b.conditions?.terminating ?? null) &&
    deepEqual(ta, tb)
  );
}

const isReservedLabel = (k: string) =>
  k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === HEADLESS_LABEL;

/** The labels a slice of the Service carries, and whether the Service's own labels changed against the slice's. */
export function sliceLabels(
  slice: EndpointSlice | undefined,
  svc: Service,
  controllerName = CONTROLLER_NAME,
): { labels: Record<string, string>; changed: boolean } {
  const current: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata?.labels ?? {})) if (!isReservedLabel(k)) current[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (!isReservedLabel(k)) labels[k] = v;
  const changed = !deepEqual(current, labels);
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

/** A new (unnamed) slice for the Service. */
export function newEndpointSlice(
  svc: Service,
  ports: EndpointPort[],
  addressType: AddressType,
): EndpointSlice {
  const name = svc.metadata?.name ?? '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: name.length < 253 ? `${name}-` : name,
      namespace: svc.metadata?.namespace ?? '',
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: svc.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

export interface ReconcileInput {
  service: Service;
  pods: readonly Pod[];
  node(name: string): Node | undefined;
  /** The slices this controller manages for the Service. */
  existing: readonly EndpointSlice[];
  triggerTimeMs?: number | undefined;
  maxEndpointsPerSlice?: number;
}

/** Slices to create, update and delete; `missingNodes` names pods skipped for want of their Node (retry later). */
export function reconcileSlices(input: ReconcileInput): SliceChanges & { missingNodes: string[] } {
  const { service: svc } = input;
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const types = addressTypesForService(svc);
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const missingNodes: string[] = [];
  for (const slice of input.existing)
    if (!types.includes(slice.addressType as AddressType)) changes.delete.push(slice);
  for (const type of types) {
    const existing = input.existing.filter((s) => s.addressType === type);
    const c = reconcileByAddressType(input, existing, type, max, missingNodes);
    changes.create.push(...c.create);
    changes.update.push(...c.update);
    changes.delete.push(...c.delete);
  }
  recycle(changes, svc);
  if (svc.metadata?.deletionTimestamp) changes.create = [];
  for (const s of [...changes.create, ...changes.update]) {
    const annotations: Record<string, string> = { ...s.metadata?.annotations };
    if (input.triggerTimeMs !== undefined)
      annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(input.triggerTimeMs);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    s.metadata = { ...s.metadata, annotations };
  }
  return { ...changes, missingNodes };
}

function reconcileByAddressType(
  input: ReconcileInput,
  existing: EndpointSlice[],
  type: AddressType,
  max: number,
  missingNodes: string[],
): SliceChanges {
  const svc = input.service;
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    if (!ownedBy(s, svc)) {
      changes.delete.push(s);
      continue;
    }
    const key = portMapKey(s.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), s]);
  }
  const desired = new Map<string, { ports: EndpointPort[]; endpoints: Map<string, Endpoint> }>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const key = portMapKey(ports);
    let d = desired.get(key);
    if (!d) desired.set(key, (d = { ports, endpoints: new Map() }));
    const nodeName = pod.spec?.nodeName ?? '';
    const node = nodeName ? input.node(nodeName) : undefined;
    if (!node && svc.spec?.publishNotReadyAddresses !== true) {
      missingNodes.push(pod.metadata?.name ?? '');
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, type);
    if (ep.addresses.length > 0) d.endpoints.set(endpointKey(ep), ep);
  }
  for (const [key, d] of desired) {
    const c = reconcileByPortMapping(svc, existingByPorts.get(key) ?? [], d.endpoints, d.ports, type, max);
    changes.create.push(...c.create);
    changes.update.push(...c.update);
    changes.delete.push(...c.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desired.has(key)) changes.delete.push(...slices);
  // No slice would remain: keep (or make) one empty placeholder.
  if (existing.length === changes.delete.length && changes.create.length === 0) {
    const placeholder = newEndpointSlice(svc, [], type);
    const only = changes.delete.length === 1 ? changes.delete[0]! : undefined;
    if (only && isPlaceholderOf(only, placeholder)) changes.delete = [];
    else changes.create.push(placeholder);
  }
  return changes;
}

function isPlaceholderOf(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0 &&
    slice.metadata?.namespace === placeholder.metadata?.namespace &&
    deepEqual(slice.metadata?.labels ?? {}, placeholder.metadata?.labels ?? {}) &&
    deepEqual(slice.metadata?.ownerReferences ?? [], placeholder.metadata?.ownerReferences ?? [])
  );
}

function reconcileByPortMapping(
  svc: Service,
  existing: EndpointSlice[],
  desired: Map<string, Endpoint>,
  ports: EndpointPort[],
  type: AddressType,
  max: number,
): SliceChanges {
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const remaining = new Map(desired);
  const unchanged: EndpointSlice[] = [];
  // 1. Drop endpoints no longer wanted, refresh changed ones, in place.
  for (const slice of existing) {
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of slice.endpoints ?? []) {
      const key = endpointKey(ep);
      const want = remaining.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, ep)) endpointUpdated = true;
      remaining.delete(key);
    }
    const { labels, changed } = sliceLabels(slice, svc);
    if (endpointUpdated || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) changes.delete.push(slice);
      else
        changes.update.push({
          ...structuredClone(slice),
          metadata: { ...structuredClone(slice.metadata), labels },
          endpoints: kept,
        });
    } else if (changed) {
      changes.update.push({
        ...structuredClone(slice),
        metadata: { ...structuredClone(slice.metadata), labels },
      });
    } else {
      unchanged.push(slice);
    }
  }
  const queue = [...remaining.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, ep]) => ep);
  // 2. Room in slices being updated anyway: fill the fullest first.
  for (const slice of [...changes.update].sort(
    (a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0),
  )) {
    while (queue.length && (slice.endpoints?.length ?? 0) < max)
      slice.endpoints = [...(slice.endpoints ?? []), queue.shift()!];
  }
  // 3. The rest: into the unchanged slice that ends up closest to full, else new slices.
  while (queue.length) {
    let fill: EndpointSlice | undefined;
    if (queue.length < max) {
      let closest = max;
      for (const s of unchanged) {
        const diff = max - (queue.length + (s.endpoints?.length ?? 0));
        if (diff >= 0 && diff < closest) {
          closest = diff;
          fill = s;
        }
      }
    }
    if (fill) {
      unchanged.splice(unchanged.indexOf(fill), 1);
      fill = structuredClone(fill);
      changes.update.push(fill);
    } else {
      fill = newEndpointSlice(svc, ports, type);
      changes.create.push(fill);
    }
    while (queue.length && (fill.endpoints?.length ?? 0) < max)
      fill.endpoints = [...(fill.endpoints ?? []), queue.shift()!];
  }
  return changes;
}

/** Creates become updates of slices that would otherwise be deleted (same address type, ours). */
function recycle(changes: SliceChanges, svc: Service): void {
  for (let i = 0; i < changes.delete.length && changes.create.length > 0; ) {
    const doomed = changes.delete[i]!;
    const fresh = changes.create[changes.create.length - 1]!;
    if (doomed.addressType === fresh.addressType && ownedBy(doomed, svc)) {
      changes.create.pop();
      changes.update.push({
        ...fresh,
        metadata: {
          ...fresh.metadata,
          name: doomed.metadata?.name ?? '',
          resourceVersion: doomed.metadata?.resourceVersion ?? '',
        },
      });
      changes.delete.splice(i, 1);
    } else {
      i++;
    }
  }
}
