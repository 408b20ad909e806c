// ClusterIP and NodePort allocation for Services (upstream does it in the service REST
// storage; here it is an admission step with rollback). Values are released when the cache
// sees a Service deleted or changed, and a repair pass at start and every few minutes
// reconciles the allocation keys with the Services that exist — so restarts and crashes
// never leak or double-allocate.
import type { KubeObject } from '../../api/strategy.ts';
import { type FieldError, invalid } from '../../machinery/status.ts';
import type { Store } from '../../storage/store.ts';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/context.ts';
import type { CacheDispatcher } from '../storage/cache-dispatcher.ts';
import {
  allocatableAt,
  allocatableCount,
  type Ipv4Range,
  ipToNumber,
  parseCidr,
  rangeContains,
} from './ip-range.ts';
import { type AllocationOwner, KeyAllocator } from './key-allocator.ts';

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: ServicePort[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
}

export interface ServiceAllocators {
  serviceRange: Ipv4Range;
  nodePortRange: [number, number];
  ips: KeyAllocator;
  ports: KeyAllocator;
  plugin: AdmissionPlugin;
  /** Starts releasing on Service deletes/changes and the periodic repair. */
  start(): Promise<void>;
  stop(): void;
  repair(): Promise<void>;
}

interface AllocationServer {
  store: Store;
  dispatcher: CacheDispatcher;
}

const SERVICES_PREFIX = '/registry/services/';
const REPAIR_INTERVAL_MS = 3 * 60 * 1000;
const REPAIR_GRACE_MS = 60 * 1000;

function specOf(obj: KubeObject | undefined): ServiceSpec {
  return ((obj?.spec as ServiceSpec | undefined) ?? {}) as ServiceSpec;
}

function needsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName';
}

function ipsOf(spec: ServiceSpec): string[] {
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return ips.filter((ip) => ip && ip !== 'None');
}

function portsOf(spec: ServiceSpec): number[] {
  const out = (spec.ports ?? [])
    .map((p) => p.nodePort)
    .filter((p): p is number => typeof p === 'number' && p > 0);
  if (spec.healthCheckNodePort) out.push(spec.healthCheckNodePort);
  return out;
}

function ownerOf(obj: KubeObject): AllocationOwner {
  return {
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    uid: obj.metadata?.uid ?? '',
  };
}

export function createServiceAllocators(
  server: AllocationServer,
  cidr: string,
  nodePortRange: [number, number],
): ServiceAllocators {
  const serviceRange = parseCidr(cidr);
  const ips = new KeyAllocator(server.store, 'serviceips');
  const ports = new KeyAllocator(server.store, 'nodeports');
  let timer: NodeJS.Timeout | undefined;
  let unwatch: (() => void) | undefined;

  const ipError = (svc: KubeObject, detail: string, value: unknown): Error =>
    invalid('Service', '', svc.metadata?.name ?? '', [
      { type: 'FieldValueInvalid', field: 'spec.clusterIPs', value, detail },
    ]);

  async function allocateIp(
    svc: KubeObject,
    dryRun: boolean,
    rollbacks: (() => Promise<void>)[],
  ): Promise<string> {
    const owner = ownerOf(svc);
    const total = allocatableCount(serviceRange);
    // Dynamic allocations prefer the upper band, leaving the lower one for static choices (upstream's rule).
    const lowerBand = Math.min(Math.max(16, Math.floor(serviceRange.size / 16)), 256);
    const bands: [number, number][] = [
      [lowerBand, total],
      [0, lowerBand],
    ];
    for (const [from, to] of bands) {
      const span = to - from;
      if (span <= 0) continue;
      const start = Math.floor(Math.random() * span);
      for (let i = 0; i < span; i++) {
        const ip = allocatableAt(serviceRange, from + ((start + i) % span));
        if (dryRun) {
          if (await ips.isFree(ip)) return ip;
          continue;
        }
        if (await ips.claim(ip, owner)) {
          rollbacks.push(() => ips.release(ip, owner.uid));
          return ip;
        }
      }
    }
    throw ipError(svc, 'failed to allocate a serviceIP: range is full', []);
  }

  async function claimIp(
    svc: KubeObject,
    ip: string,
    dryRun: boolean,
    rollbacks: (() => Promise<void>)[],
  ): Promise<void> {
    const owner = ownerOf(svc);
    if (ipToNumber(ip) === undefined) return; // validation reports the malformed address
    if (!rangeContains(serviceRange, ip)) {
      throw ipError(
        svc,
        `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${serviceRange.cidr}`,
        [ip],
      );
    }
    const free = dryRun ? await ips.isFree(ip) : await ips.claim(ip, owner);
    if (!free) throw ipError(svc, `failed to allocate IP ${ip}: provided IP is already allocated`, [ip]);
    if (!dryRun) rollbacks.push(() => ips.release(ip, owner.uid));
  }

  async function allocatePort(
    svc: KubeObject,
    field: string,
    wanted: number | undefined,
    dryRun: boolean,
    rollbacks: (() => Promise<void>)[],
  ): Promise<number> {
    const owner = ownerOf(svc);
    const [lo, hi] = nodePortRange;
    const portError = (value: number, detail: string) =>
      invalid('Service', '', svc.metadata?.name ?? '', [
        { type: 'FieldValueInvalid', field, value, detail } satisfies FieldError,
      ]);
    if (wanted !== undefined) {
      if (wanted < lo || wanted > hi)
        throw portError(
          wanted,
          `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`,
        );
      const free = dryRun ? await ports.isFree(String(wanted)) : await ports.claim(String(wanted), owner);
      if (!free) throw portError(wanted, 'provided port is already allocated');
      if (!dryRun) rollbacks.push(() => ports.release(String(wanted), owner.uid));
      return wanted;
    }
    const span = hi - lo + 1;
    const start = Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const port = lo + ((start + i) % span);
      if (dryRun ? await ports.isFree(String(port)) : await ports.claim(String(port), owner)) {
        if (!dryRun) rollbacks.push(() => ports.release(String(port), owner.uid));
        return port;
      }
    }
    throw portError(0, 'range is full');
  }

  async function admit(attrs: AdmissionAttributes): Promise<void> {
    if (attrs.resource.resource !== 'services' || attrs.resource.group !== '' || attrs.subresource) return;
    const svc = attrs.object!;
    const spec = (svc.spec ??= {}) as ServiceSpec;
    const old = attrs.operation === 'UPDATE' ? specOf(attrs.oldObject) : undefined;
    const { dryRun, rollbacks } = attrs.context;

    if (old) {
      // Clients that resend a Service without its allocated values keep them (upstream's patchAllocatedValues).
      if (needsClusterIP(spec) && needsClusterIP(old)) {
        if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
        if (!spec.clusterIPs?.length && old.clusterIPs) spec.clusterIPs = [...old.clusterIPs];
        if (!spec.ipFamilies?.length && old.ipFamilies) spec.ipFamilies = [...old.ipFamilies];
        if (!spec.ipFamilyPolicy && old.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
      }
      if (needsNodePorts(spec) && needsNodePorts(old)) {
        for (const p of spec.ports ?? []) {
          if (p.nodePort) continue;
          const match = (old.ports ?? []).find(
            (o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
          );
          if (match?.nodePort) p.nodePort = match.nodePort;
        }
        if (!spec.healthCheckNodePort && old.healthCheckNodePort)
          spec.healthCheckNodePort = old.healthCheckNodePort;
      }
    }

    if (needsClusterIP(spec)) {
      const oldIps = old && needsClusterIP(old) ? ipsOf(old) : [];
      if (spec.clusterIP === 'None' || spec.clusterIPs?.[0] === 'None') {
        spec.clusterIP = 'None';
        spec.clusterIPs = ['None'];
      } else {
        const wanted = spec.clusterIPs?.[0] || spec.clusterIP || '';
        if (!wanted) {
          const ip = await allocateIp(svc, dryRun, rollbacks);
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
        } else if (!oldIps.includes(wanted)) {
          await claimIp(svc, wanted, dryRun, rollbacks);
          spec.clusterIP = wanted;
          spec.clusterIPs = [wanted];
        } else {
          spec.clusterIP = wanted;
          spec.clusterIPs ??= [wanted];
        }
      }
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }

    if (needsNodePorts(spec)) {
      const held = new Set(old && needsNodePorts(old) ? portsOf(old) : []);
      const list = spec.ports ?? [];
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        if (p.nodePort && held.has(p.nodePort)) continue;
        p.nodePort = await allocatePort(
          svc,
          `spec.ports[${i}].nodePort`,
          p.nodePort || undefined,
          dryRun,
          rollbacks,
        );
      }
      if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
        if (!spec.healthCheckNodePort || !held.has(spec.healthCheckNodePort)) {
          spec.healthCheckNodePort = await allocatePort(
            svc,
            'spec.healthCheckNodePort',
            spec.healthCheckNodePort || undefined,
            dryRun,
            rollbacks,
          );
        }
      }
    }
  }

  /** Releases what a Service no longer holds (deleted, or changed type/ports). */
  async function releaseDifference(previous: KubeObject, current: KubeObject | undefined): Promise<void> {
    const uid = previous.metadata?.uid ?? '';
    const before = specOf(previous);
    const after = current ? specOf(current) : {};
    const keepIps = new Set(current && needsClusterIP(after) ? ipsOf(after) : []);
    for (const ip of needsClusterIP(before) ? ipsOf(before) : [])
      if (!keepIps.has(ip)) await ips.release(ip, uid);
    const keepPorts = new Set(current && needsNodePorts(after) ? portsOf(after) : []);
    for (const port of needsNodePorts(before) ? portsOf(before) : [])
      if (!keepPorts.has(port)) await ports.release(String(port), uid);
  }

  async function repair(): Promise<void> {
    const services = server.dispatcher.cacheFor(SERVICES_PREFIX).list({}).items;
    const byUid = new Map(services.map((s) => [s.metadata?.uid ?? '', s]));
    for (const [allocator, valuesOf] of [
      [ips, (s: KubeObject) => (needsClusterIP(specOf(s)) ? ipsOf(specOf(s)) : [])],
      [ports, (s: KubeObject) => (needsNodePorts(specOf(s)) ? portsOf(specOf(s)).map(String) : [])],
    ] as const) {
      const held = await allocator.all();
      for (const svc of services) {
        for (const value of valuesOf(svc)) if (!held.has(value)) await allocator.claim(value, ownerOf(svc));
      }
      for (const [value, record] of held) {
        const svc = byUid.get(record.owner.uid);
        const stillUsed = svc !== undefined && valuesOf(svc).includes(value);
        if (!stillUsed && Date.now() - record.allocatedAt > REPAIR_GRACE_MS)
          await allocator.forceDelete(value, record.modRevision);
      }
    }
  }

  return {
    serviceRange,
    nodePortRange,
    ips,
    ports,
    plugin: { name: 'ServiceAllocation', admit },
    async start() {
      const cache = server.dispatcher.cacheFor(SERVICES_PREFIX);
      unwatch = cache.watch(
        {
          filter: {},
          deliver: (e) => {
            if (e.type === 'DELETED') void releaseDifference(e.object, undefined).catch(() => {});
            else if (e.type === 'MODIFIED' && e.source?.prevObject)
              void releaseDifference(e.source.prevObject, e.object).catch(() => {});
          },
        },
        server.dispatcher.revision,
      );
      await repair();
      timer = setInterval(() => void repair().catch(() => {}), REPAIR_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      unwatch?.();
      if (timer) clearInterval(timer);
    },
    repair,
  };
}
