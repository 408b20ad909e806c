// A pod's quality-of-service class (upstream qos.ComputePodQOS), set once at creation:
// Guaranteed when every container has equal cpu and memory requests and limits, BestEffort when
// no container asks for any cpu or memory, Burstable otherwise.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseJsonQuantity, type Quantity } from '../../internal/json-quantities.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

function sumPositive(into: Map<string, Quantity>, list: unknown, found?: Set<string>): void {
  if (!isObj(list)) return;
  for (const [name, raw] of Object.entries(list)) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const q = parseJsonQuantity(raw);
    if (!q || q.sign() <= 0) continue;
    found?.add(name);
    const sum = into.get(name);
    into.set(name, sum ? sum.add(q) : q);
  }
}

export function podQOSClass(pod: Pod): PodQOSClass {
  const spec: JsonObject = isObj(pod.spec) ? pod.spec : {};
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ];
  for (const c of containers) {
    const resources = isObj(c) && isObj(c.resources) ? c.resources : {};
    sumPositive(requests, resources.requests);
    const limitsFound = new Set<string>();
    sumPositive(limits, resources.limits, limitsFound);
    if (!QOS_RESOURCES.every((r) => limitsFound.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (limit?.cmp(request) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
