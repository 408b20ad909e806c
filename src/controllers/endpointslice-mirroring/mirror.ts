// The EndpointSlices mirrored from an Endpoints object (upstream's endpointslicemirroring
// reconciler, pure part), for Services without a selector whose Endpoints someone else writes:
// one slice per address type and distinct port set, addresses ready or not as the Endpoints
// says, at most 1000 addresses per subset.
import type {
  EndpointPort as CoreEndpointPort,
  EndpointAddress,
  Endpoints,
} from 'kubernetes-types/core/v1.d.ts';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import {
  endpointKey,
  endpointsEqualBeyondKey,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  portMapKey,
  type SliceChanges,
} from '../endpointslice/reconciler.ts';
import { LAST_CHANGE_TRIGGER_TIME } from '../internal/service-endpoints.ts';

export const MIRROR_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
export const MAX_ENDPOINTS_PER_SUBSET = 1000;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type AddressType = 'IPv4' | 'IPv6';

/** Whether an Endpoints object is mirrored at all (a matching selector-less Service is checked apart). */
export function shouldMirror(ep: Endpoints | undefined): ep is Endpoints {
  return (
    ep !== undefined &&
    ep.metadata?.labels?.[LABEL_SKIP_MIRROR] !== 'true' &&
    ep.metadata?.annotations?.[LEADER_ELECTION_ANNOTATION] === undefined
  );
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address type of an IP, undefined when it is not one. */
export function addressTypeOf(ip: string): AddressType | undefined {
  const m = IPV4.exec(ip);
  if (m) return m.slice(1).every((o) => Number(o) <= 255) ? 'IPv4' : undefined;
  return /^[0-9a-fA-F:.]+$/.test(ip) && ip.includes(':') ? 'IPv6' : undefined;
}

function addressToEndpoint(a: EndpointAddress, ready: boolean): Endpoint {
  const ep: Endpoint = { addresses: [a.ip], conditions: { ready } };
  if (a.targetRef) ep.targetRef = a.targetRef;
  if (a.nodeName) ep.nodeName = a.nodeName;
  if (a.hostname) ep.hostname = a.hostname;
  return ep;
}

function slicePorts(ports: readonly CoreEndpointPort[] | undefined): EndpointPort[] {
  return (ports ?? []).map((p) => {
    const out: EndpointPort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol) out.appProtocol = p.appProtocol;
    return out;
  });
}

/** The metadata of a mirrored slice: the Endpoints' labels and annotations, owned by the Endpoints. */
export function mirroredMeta(ep: Endpoints): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const labels: Record<string, string> = { ...ep.metadata?.labels };
  labels[LABEL_SERVICE_NAME] = ep.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = MIRROR_CONTROLLER_NAME;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata?.annotations ?? {}))
    if (k !== LAST_CHANGE_TRIGGER_TIME && k !== LAST_APPLIED) annotations[k] = v;
  return { labels, annotations };
}

function newSlice(
  ep: Endpoints,
  ports: EndpointPort[],
  addressType: AddressType,
  name?: string,
): EndpointSlice {
  const epName = ep.metadata?.name ?? '';
  const { labels, annotations } = mirroredMeta(ep);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(name ? { name } : { generateName: `${epName}-` }),
      namespace: ep.metadata?.namespace ?? '',
      labels,
      annotations,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          name: epName,
          uid: ep.metadata?.uid ?? '',
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

export interface MirrorResult extends SliceChanges {
  invalidAddresses: number;
  /** Addresses left out beyond MAX_ENDPOINTS_PER_SUBSET (invalid ones not counted). */
  tooMany: number;
}

/** Slices to create, update and delete so that `existing` mirrors `ep`. */
export function mirrorSlices(
  ep: Endpoints,
  existing: readonly EndpointSlice[],
  maxPerSubset = MAX_ENDPOINTS_PER_SUBSET,
): MirrorResult {
  const desired = new Map<
    string,
    { type: AddressType; ports: EndpointPort[]; endpoints: Map<string, Endpoint> }
  >();
  let invalidAddresses = 0;
  let skipped = 0;
  for (const subset of ep.subsets ?? []) {
    const ports = slicePorts(subset.ports);
    for (const type of ['IPv4', 'IPv6'] as const) {
      const key = `${type}|${portMapKey(ports)}`;
      if (!desired.has(key)) desired.set(key, { type, ports, endpoints: new Map() });
    }
    const all: [EndpointAddress, boolean][] = [
      ...(subset.addresses ?? []).map((a): [EndpointAddress, boolean] => [a, true]),
      ...(subset.notReadyAddresses ?? []).map((a): [EndpointAddress, boolean] => [a, false]),
    ];
    let added = 0;
    for (const [a, ready] of all) {
      if (added >= maxPerSubset) break;
      const type = addressTypeOf(a.ip);
      if (!type) {
        invalidAddresses++;
        continue;
      }
      const e = addressToEndpoint(a, ready);
      desired.get(`${type}|${portMapKey(ports)}`)!.endpoints.set(endpointKey(e), e);
      added++;
    }
    skipped += all.length - added;
  }
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const key = `${s.addressType}|${portMapKey(s.ports)}`;
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), s]);
  }
  const meta = mirroredMeta(ep);
  for (const [key, d] of desired) {
    const slices = existingByKey.get(key) ?? [];
    if (d.endpoints.size === 0) {
      changes.delete.push(...slices);
      continue;
    }
    const wanted = [...d.endpoints.values()].slice(0, maxPerSubset);
    const first = slices[0];
    changes.delete.push(...slices.slice(1));
    if (first && matches(first, wanted, meta)) continue;
    const fresh = newSlice(ep, d.ports, d.type, first?.metadata?.name);
    const rv = first?.metadata?.resourceVersion;
    const slice: EndpointSlice = {
      ...fresh,
      metadata: { ...fresh.metadata, ...(rv ? { resourceVersion: rv } : {}) },
      endpoints: wanted,
    };
    (first ? changes.update : changes.create).push(slice);
  }
  for (const [key, slices] of existingByKey) if (!desired.has(key)) changes.delete.push(...slices);
  // Creates become updates of slices otherwise deleted, per address type.
  for (let i = 0; i < changes.create.length; ) {
    const c = changes.create[i]!;
    const j = changes.delete.findIndex((d) => d.addressType === c.addressType);
    if (j < 0) {
      i++;
      continue;
    }
    const [d] = changes.delete.splice(j, 1);
    changes.create.splice(i, 1);
    const { generateName: _g, ...m } = c.metadata ?? {};
    changes.update.push({
      ...c,
      metadata: { ...m, name: d!.metadata?.name ?? '', resourceVersion: d!.metadata?.resourceVersion ?? '' },
    });
  }
  return { ...changes, invalidAddresses, tooMany: skipped - invalidAddresses };
}

function matches(
  slice: EndpointSlice,
  wanted: Endpoint[],
  meta: { labels: Record<string, string>; annotations: Record<string, string> },
): boolean {
  if ((slice.endpoints ?? []).length !== wanted.length) return false;
  const byKey = new Map(wanted.map((e) => [endpointKey(e), e]));
  for (const e of slice.endpoints ?? []) {
    const w = byKey.get(endpointKey(e));
    if (!w || !endpointsEqualBeyondKey(w, e)) return false;
  }
  return (
    deepEqual(slice.metadata?.labels ?? {}, meta.labels) &&
    deepEqual(slice.metadata?.annotations ?? {}, meta.annotations)
  );
}
