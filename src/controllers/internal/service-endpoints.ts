// What the Endpoints and EndpointSlice controllers share (upstream's endpointslice util): which
// pods back a Service, which port of a pod a Service port means, and the trigger time that
// `endpoints.kubernetes.io/last-change-trigger-time` exports.
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.d.ts';
import { isPodReady, isPodTerminal, isPodTerminating, podCondition, podIPs } from './pods.ts';
import { millisOf } from './time.ts';

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** Whether a pod is published for a Service at all (terminating ones only when asked). */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && isPodTerminating(pod)) return false;
  return true;
}

/** A pod's hostname is published when its subdomain names the Service (headless DNS). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata?.name &&
    svc.metadata?.namespace === pod.metadata?.namespace
  );
}

/** ClusterIP set and not None. */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The pod port a Service port targets: a number as is, a name looked up in the containers (and sidecars). */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  const protocol = port.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** Whether a Service's selector (a plain map; absent selects nothing) matches a pod's labels. */
export function selectorMatches(
  selector: Record<string, string> | undefined | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}

/**
 * The pods (of the Service's namespace) a Service's selector picks; undefined when the Service
 * keeps no endpoints of its own (ExternalName, or no selector).
 */
export function selectedPods(svc: Service, pods: readonly Pod[]): Pod[] | undefined {
  if (svc.spec?.type === 'ExternalName' || !svc.spec?.selector) return undefined;
  const selector = svc.spec.selector;
  return pods.filter((p) => selectorMatches(selector, p.metadata?.labels));
}

/** `namespace/name` keys of the Services among `services` whose selector matches the pod. */
export function servicesForPod(services: readonly Service[], pod: Pod): string[] {
  const keys: string[] = [];
  for (const s of services) {
    if (selectorMatches(s.spec?.selector, pod.metadata?.labels))
      keys.push(`${s.metadata?.namespace}/${s.metadata?.name}`);
  }
  return keys;
}

/** IPv6 addresses have colons. */
export function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/**
 * Tracks, per Service, the trigger times seen at the last sync (upstream's TriggerTimeTracker):
 * the exported time is the earliest change not exported yet — a pod's Ready transition or the
 * Service's creation — or the Service's creation the first time it is seen.
 */
export class TriggerTimeTracker {
  readonly #states = new Map<string, { service: number; pods: Map<string, number> }>();

  /** The trigger time (ms) to export, or undefined for none. Call once per sync of the Service. */
  compute(key: string, service: Service, pods: readonly Pod[]): number | undefined {
    const state = this.#states.get(key);
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = millisOf(podCondition(pod, 'Ready')?.lastTransitionTime);
      if (t === undefined) continue;
      const name = pod.metadata?.name ?? '';
      podTimes.set(name, t);
      if (t > (state?.pods.get(name) ?? Number.NEGATIVE_INFINITY))
        min = min === undefined ? t : Math.min(min, t);
    }
    const created = millisOf(service.metadata?.creationTimestamp) ?? 0;
    if (created > (state?.service ?? Number.NEGATIVE_INFINITY))
      min = min === undefined ? created : Math.min(min, created);
    this.#states.set(key, { service: created, pods: podTimes });
    if (!state) return created || undefined;
    return min;
  }

  delete(key: string): void {
    this.#states.delete(key);
  }
}

/** RFC 3339 with nanoseconds, as Go's time.RFC3339Nano prints a UTC time (trailing zeros trimmed). */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-01T00:00:00.123Z
  const [whole, frac] = iso.slice(0, -1).split('.');
  const trimmed = (frac ?? '').replace(/0+$/, '');
  return `${whole}${trimmed ? `.${trimmed}` : ''}Z`;
}

export { isPodReady };
