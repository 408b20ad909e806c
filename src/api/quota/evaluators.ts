// What an object counts against a ResourceQuota (upstream's quota evaluators): pods their
// compute requests and limits, Services their node ports and load balancers, claims their
// storage per class, anything else one `count/<resource>.<group>`. Shared by the quota
// controller (usage of a namespace) and the API server's ResourceQuota admission (usage of one
// new object), so both count the same way.
import { parseQuantity, type Quantity } from '../../machinery/quantity.ts';
import {
  addLists,
  maxLists,
  parseResourceList,
  type RawResourceList,
  type ResourceList,
} from './resource-list.ts';

// Plain object shapes (the kinds as the API stores them).
interface Container {
  name?: string;
  resources?: { requests?: RawResourceList; limits?: RawResourceList };
  restartPolicy?: string;
}
interface PodLike {
  metadata?: { deletionTimestamp?: string | null; deletionGracePeriodSeconds?: number | null };
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    overhead?: RawResourceList;
    activeDeadlineSeconds?: number | null;
    priorityClassName?: string;
    affinity?: {
      podAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: AffinityTerm[];
        preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: AffinityTerm }[];
      };
      podAntiAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: AffinityTerm[];
        preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: AffinityTerm }[];
      };
    };
  };
  status?: { phase?: string };
}
interface AffinityTerm {
  namespaces?: string[];
  namespaceSelector?: unknown;
}
interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}
export interface QuotaLike {
  spec?: {
    hard?: RawResourceList;
    scopes?: string[];
    scopeSelector?: { matchExpressions?: ScopeRequirement[] } | null;
  };
  status?: { hard?: RawResourceList; used?: RawResourceList };
}

export interface Evaluator {
  /** The names among `names` this evaluator counts. */
  matchingResources(names: readonly string[]): string[];
  /** What one object uses (at `nowMs`: pods past their deletion grace count nothing). */
  usage(obj: unknown, nowMs: number): ResourceList;
  /** Whether the quota's scopes select the object. */
  matchesScopes(quota: QuotaLike, obj: unknown): boolean;
  /** Why the object cannot be admitted under a quota tracking `required` (undefined: it can). */
  constraints(required: readonly string[], obj: unknown): string | undefined;
}

const one = (): Quantity => parseQuantity('1');
const num = (n: number): Quantity => parseQuantity(String(n));

/** Scope requirements of a quota: its scopes (Exists) and its scope selector. */
export function scopeRequirements(quota: QuotaLike): ScopeRequirement[] {
  const reqs: ScopeRequirement[] = (quota.spec?.scopes ?? []).map((s) => ({
    scopeName: s,
    operator: 'Exists',
  }));
  return [...reqs, ...(quota.spec?.scopeSelector?.matchExpressions ?? [])];
}

// ---- pods -----------------------------------------------------------------------------------

const POD_NAMES = new Set([
  'pods',
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

function isPodResourceName(n: string): boolean {
  return (
    POD_NAMES.has(n) ||
    n.startsWith('hugepages-') ||
    n.startsWith('requests.hugepages-') ||
    (n.startsWith('requests.') && n.includes('/'))
  );
}

/** Requests (or limits) of a pod: containers and sidecars summed, init containers at their peak, plus overhead. */
export function podResources(pod: PodLike, which: 'requests' | 'limits'): ResourceList {
  let total: ResourceList = {};
  for (const c of pod.spec?.containers ?? [])
    total = addLists(total, parseResourceList(c.resources?.[which]));
  let sidecars: ResourceList = {};
  let initPeak: ResourceList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = parseResourceList(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      sidecars = addLists(sidecars, r);
      initPeak = maxLists(initPeak, sidecars);
    } else {
      initPeak = maxLists(initPeak, addLists(r, sidecars));
    }
  }
  let result = maxLists(addLists(total, sidecars), initPeak);
  if (pod.spec?.overhead) result = addLists(result, parseResourceList(pod.spec.overhead));
  return result;
}

/** Whether a pod still counts (upstream's QuotaV1Pod): not finished, not past its deletion grace. */
export function podCounts(pod: PodLike, nowMs: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const del = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (del && grace !== undefined && grace !== null) {
    const at = Date.parse(del);
    if (!Number.isNaN(at) && nowMs > at + grace * 1000) return false;
  }
  return true;
}

/** compute usage of requests and limits (upstream's podComputeUsageHelper), without the counts. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests[r]) {
      out[r] = requests[r];
      out[`requests.${r}`] = requests[r];
    }
    if (limits[r]) out[`limits.${r}`] = limits[r];
  }
  for (const [r, q] of Object.entries(requests)) {
    if (r.startsWith('hugepages-')) {
      out[r] = q;
      out[`requests.${r}`] = q;
    } else if (r.includes('/')) {
      out[`requests.${r}`] = q;
    }
  }
  return out;
}

function isBestEffort(pod: PodLike): boolean {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return containers.every((c) => {
    for (const which of ['requests', 'limits'] as const) {
      const list = c.resources?.[which] ?? {};
      if ('cpu' in list || 'memory' in list) return false;
    }
    return true;
  });
}

function usesCrossNamespaceAffinity(pod: PodLike): boolean {
  const a = pod.spec?.affinity;
  const terms = [
    ...(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (w) => w.podAffinityTerm ?? {},
    ),
    ...(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (w) => w.podAffinityTerm ?? {},
    ),
  ];
  return terms.some(
    (t) =>
      (t.namespaces?.length ?? 0) > 0 || (t.namespaceSelector !== undefined && t.namespaceSelector !== null),
  );
}

function podMatchesScope(req: ScopeRequirement, pod: PodLike): boolean {
  switch (req.scopeName) {
    case 'Terminating':
      return (
        pod.spec?.activeDeadlineSeconds !== undefined &&
        pod.spec.activeDeadlineSeconds !== null &&
        pod.spec.activeDeadlineSeconds >= 0
      );
    case 'NotTerminating':
      return pod.spec?.activeDeadlineSeconds === undefined || pod.spec.activeDeadlineSeconds === null;
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespaceAffinity(pod);
    case 'PriorityClass': {
      const pc = pod.spec?.priorityClassName ?? '';
      switch (req.operator) {
        case 'In':
          return (req.values ?? []).includes(pc);
        case 'NotIn':
          return !(req.values ?? []).includes(pc);
        case 'Exists':
          return pc !== '';
        case 'DoesNotExist':
          return pc === '';
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

const CONSTRAINED = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

export const podEvaluator: Evaluator = {
  matchingResources: (names) => names.filter(isPodResourceName),
  usage(obj, nowMs) {
    const pod = obj as PodLike;
    if (!podCounts(pod, nowMs)) return { pods: parseQuantity('0'), 'count/pods': parseQuantity('0') };
    return {
      pods: one(),
      'count/pods': one(),
      ...computeUsage(podResources(pod, 'requests'), podResources(pod, 'limits')),
    };
  },
  matchesScopes: (quota, obj) => scopeRequirements(quota).every((r) => podMatchesScope(r, obj as PodLike)),
  constraints(required, obj) {
    const pod = obj as PodLike;
    const wanted = required.filter((r) => CONSTRAINED.has(r));
    if (wanted.length === 0) return undefined;
    const missing = new Map<string, Set<string>>();
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const has = computeUsage(
        parseResourceList(c.resources?.requests),
        parseResourceList(c.resources?.limits),
      );
      for (const r of wanted) {
        if (has[r]) continue;
        if (!missing.has(r)) missing.set(r, new Set());
        missing.get(r)!.add(c.name ?? '');
      }
    }
    if (missing.size === 0) return undefined;
    const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
    return `must specify ${parts.join('; ')}`;
  },
};

// ---- services -------------------------------------------------------------------------------

interface ServiceLike {
  spec?: { type?: string; ports?: { nodePort?: number }[]; allocateLoadBalancerNodePorts?: boolean };
}

const SERVICE_NAMES = new Set(['services', 'count/services', 'services.nodeports', 'services.loadbalancers']);
const noScopes = (quota: QuotaLike) => scopeRequirements(quota).length === 0;

export const serviceEvaluator: Evaluator = {
  matchingResources: (names) => names.filter((n) => SERVICE_NAMES.has(n)),
  usage(obj) {
    const svc = obj as ServiceLike;
    const out: ResourceList = { services: one(), 'count/services': one() };
    const ports = svc.spec?.ports ?? [];
    if (svc.spec?.type === 'NodePort') out['services.nodeports'] = num(ports.length);
    else if (svc.spec?.type === 'LoadBalancer') {
      out['services.loadbalancers'] = one();
      out['services.nodeports'] = num(
        svc.spec.allocateLoadBalancerNodePorts === false
          ? ports.filter((p) => p.nodePort).length
          : ports.length,
      );
    } else {
      out['services.nodeports'] = parseQuantity('0');
      out['services.loadbalancers'] = parseQuantity('0');
    }
    return out;
  },
  matchesScopes: noScopes,
  constraints: () => undefined,
};

// ---- persistent volume claims -------------------------------------------------------------

interface ClaimLike {
  metadata?: { annotations?: Record<string, string> };
  spec?: { storageClassName?: string | null; resources?: { requests?: RawResourceList } };
}

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

export const claimEvaluator: Evaluator = {
  matchingResources: (names) =>
    names.filter(
      (n) =>
        n === 'persistentvolumeclaims' ||
        n === 'count/persistentvolumeclaims' ||
        n === 'requests.storage' ||
        (n.includes(STORAGE_CLASS_SUFFIX) &&
          (n.endsWith('/requests.storage') || n.endsWith('/persistentvolumeclaims'))),
    ),
  usage(obj) {
    const pvc = obj as ClaimLike;
    const out: ResourceList = { persistentvolumeclaims: one(), 'count/persistentvolumeclaims': one() };
    const storage = parseResourceList(pvc.spec?.resources?.requests).storage;
    if (storage) out['requests.storage'] = storage;
    const sc =
      pvc.spec?.storageClassName ?? pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
    if (sc) {
      out[`${sc}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = one();
      if (storage) out[`${sc}${STORAGE_CLASS_SUFFIX}requests.storage`] = storage;
    }
    return out;
  },
  matchesScopes: noScopes,
  constraints: () => undefined,
};

// ---- everything else: object counts ----------------------------------------------------------

/** Core kinds whose count also has a legacy quota name (`configmaps` besides `count/configmaps`). */
const LEGACY_COUNTS = new Set(['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas']);

/** `count/pods`, `count/deployments.apps`: the object-count quota name of a resource. */
export function countResourceName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

export function objectCountEvaluator(group: string, resource: string): Evaluator {
  const names = new Set([countResourceName(group, resource)]);
  if (!group && LEGACY_COUNTS.has(resource)) names.add(resource);
  return {
    matchingResources: (list) => list.filter((n) => names.has(n)),
    usage: () => Object.fromEntries([...names].map((n) => [n, one()])),
    matchesScopes: noScopes,
    constraints: () => undefined,
  };
}

/** The evaluator of a resource. */
export function evaluatorFor(group: string, resource: string): Evaluator {
  if (group === '') {
    if (resource === 'pods') return podEvaluator;
    if (resource === 'services') return serviceEvaluator;
    if (resource === 'persistentvolumeclaims') return claimEvaluator;
  }
  return objectCountEvaluator(group, resource);
}

/** Whether a quota (by its hard names) tracks anything this object uses and selects it by scope. */
export function quotaMatches(
  evaluator: Evaluator,
  quota: QuotaLike,
  hardNames: readonly string[],
  obj: unknown,
): boolean {
  return evaluator.matchingResources(hardNames).length > 0 && evaluator.matchesScopes(quota, obj);
}
