// LimitRanger (upstream's plugin, right after NamespaceLifecycle): a new pod's containers get
// the default requests and limits of their namespace's LimitRanges (noted in the
// `kubernetes.io/limit-ranger` annotation), then pods and claims are checked against each
// LimitRange's min, max and maxLimitRequestRatio with upstream's messages (403 Forbidden).

import { podResources } from '../../api/quota/evaluators.ts';
import { parseResourceList, type RawResourceList, type ResourceList } from '../../api/quota/resource-list.ts';
import type { KubeObject } from '../../api/strategy.ts';
import { parseQuantity, type Quantity } from '../../machinery/quantity.ts';
import { forbidden } from '../../machinery/status.ts';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/context.ts';
import type { AdmissionServer } from './server.ts';

const LIMIT_RANGES_PREFIX = '/registry/limitranges/';
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

interface LimitRangeItem {
  type?: string;
  max?: RawResourceList;
  min?: RawResourceList;
  default?: RawResourceList;
  defaultRequest?: RawResourceList;
  maxLimitRequestRatio?: RawResourceList;
}

interface Container {
  name?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

type Lists = Record<
  'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio',
  Record<string, string | number>
>;

/** A LimitRange item with upstream's defaulting (default ← max, defaultRequest ← default ← min). */
export function defaultedItem(item: LimitRangeItem): LimitRangeItem & Lists {
  const out: LimitRangeItem & Lists = {
    type: item.type,
    max: { ...item.max },
    min: { ...item.min },
    default: { ...item.default },
    defaultRequest: { ...item.defaultRequest },
    maxLimitRequestRatio: { ...item.maxLimitRequestRatio },
  };
  if (item.type === 'Container') {
    for (const [k, v] of Object.entries(out.max)) if (!(k in out.default)) out.default[k] = v;
    for (const [k, v] of Object.entries(out.default))
      if (!(k in out.defaultRequest)) out.defaultRequest[k] = v;
    for (const [k, v] of Object.entries(out.min)) if (!(k in out.defaultRequest)) out.defaultRequest[k] = v;
  }
  return out;
}

/** Sets the default requests and limits on a pod's containers; returns the annotation text (undefined: nothing set). */
export function applyDefaults(pod: KubeObject, items: readonly LimitRangeItem[]): string | undefined {
  const requests: Record<string, string | number> = {};
  const limits: Record<string, string | number> = {};
  for (const raw of items) {
    if (raw.type !== 'Container') continue;
    const item = defaultedItem(raw);
    Object.assign(requests, item.defaultRequest);
    Object.assign(limits, item.default);
  }
  if (Object.keys(requests).length + Object.keys(limits).length === 0) return undefined;
  const notes: string[] = [];
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const merge = (c: Container, prefix: string) => {
    const setLimits = Object.keys(limits).filter((k) => !(k in (c.resources?.limits ?? {})));
    const setRequests = Object.keys(requests).filter((k) => !(k in (c.resources?.requests ?? {})));
    if (setLimits.length + setRequests.length === 0) return;
    c.resources ??= {};
    if (setLimits.length)
      c.resources.limits = {
        ...c.resources.limits,
        ...Object.fromEntries(setLimits.map((k) => [k, limits[k]!])),
      };
    if (setRequests.length)
      c.resources.requests = {
        ...c.resources.requests,
        ...Object.fromEntries(setRequests.map((k) => [k, requests[k]!])),
      };
    if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
  };
  for (const c of spec.containers ?? []) merge(c, 'container');
  for (const c of spec.initContainers ?? []) merge(c, 'init container');
  return notes.length ? `LimitRanger plugin set: ${notes.join('; ')}` : undefined;
}

const milli = (q: Quantity) => q.milliValue();

function minConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  req: ResourceList,
  lim: ResourceList,
): string | undefined {
  const r = req[name];
  const l = lim[name];
  if (!r) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r.cmp(enforced) < 0) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  if (l && l.cmp(enforced) < 0) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${l}`;
  return undefined;
}

function maxConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  req: ResourceList,
  lim: ResourceList,
): string | undefined {
  const r = req[name];
  const l = lim[name];
  if (!l) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (l.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${l}`;
  if (r && r.cmp(enforced) > 0)
    return `maximum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  return undefined;
}

function maxRequestConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  req: ResourceList,
): string | undefined {
  const r = req[name];
  if (!r) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  return undefined;
}

function ratioConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  req: ResourceList,
  lim: ResourceList,
): string | undefined {
  const r = req[name];
  const l = lim[name];
  if (!r || milli(r) === 0)
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  if (!l || milli(l) === 0)
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  const ratio = milli(l) / milli(r);
  if (ratio * 1000 > milli(enforced))
    return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function checks(type: string, item: Lists, req: ResourceList, lim: ResourceList): string[] {
  const errs: string[] = [];
  const sorted = (list: Record<string, string | number>) =>
    Object.entries(list).sort(([a], [b]) => a.localeCompare(b));
  for (const [k, v] of sorted(item.min))
    errs.push(minConstraint(type, k, parseQuantity(String(v)), req, lim) ?? '');
  for (const [k, v] of sorted(item.max))
    errs.push(maxConstraint(type, k, parseQuantity(String(v)), req, lim) ?? '');
  for (const [k, v] of sorted(item.maxLimitRequestRatio))
    errs.push(ratioConstraint(type, k, parseQuantity(String(v)), req, lim) ?? '');
  return errs.filter(Boolean);
}

/** Violations of one LimitRange by a pod (upstream's PodValidateLimitFunc). */
export function podViolations(pod: KubeObject, items: readonly LimitRangeItem[]): string[] {
  const errs: string[] = [];
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  for (const raw of items) {
    const item = defaultedItem(raw);
    if (item.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        errs.push(
          ...checks(
            'Container',
            item,
            parseResourceList(c.resources?.requests),
            parseResourceList(c.resources?.limits),
          ),
        );
      }
    } else if (item.type === 'Pod') {
      const noOverhead = { ...pod, spec: { ...(pod.spec as object), overhead: undefined } } as Parameters<
        typeof podResources
      >[0];
      errs.push(
        ...checks('Pod', item, podResources(noOverhead, 'requests'), podResources(noOverhead, 'limits')),
      );
    }
  }
  return errs;
}

/** Violations by a claim: storage requests against min and max. */
export function claimViolations(pvc: KubeObject, items: readonly LimitRangeItem[]): string[] {
  const errs: string[] = [];
  const requests = parseResourceList(
    (pvc.spec as { resources?: { requests?: RawResourceList } } | undefined)?.resources?.requests,
  );
  for (const raw of items) {
    if (raw.type !== 'PersistentVolumeClaim') continue;
    const item = defaultedItem(raw);
    for (const [k, v] of Object.entries(item.min).sort(([a], [b]) => a.localeCompare(b))) {
      const e = minConstraint('PersistentVolumeClaim', k, parseQuantity(String(v)), requests, {});
      if (e) errs.push(e);
    }
    for (const [k, v] of Object.entries(item.max).sort(([a], [b]) => a.localeCompare(b))) {
      const e = maxRequestConstraint('PersistentVolumeClaim', k, parseQuantity(String(v)), requests);
      if (e) errs.push(e);
    }
  }
  return errs;
}

/** Upstream's utilerrors aggregate text: one message alone, several (deduplicated) in brackets. */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function target(attrs: AdmissionAttributes): 'pods' | 'persistentvolumeclaims' | undefined {
  if (attrs.subresource || attrs.resource.group !== '') return undefined;
  if (attrs.resource.resource === 'pods' && attrs.operation === 'CREATE') return 'pods';
  if (
    attrs.resource.resource === 'persistentvolumeclaims' &&
    (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')
  )
    return 'persistentvolumeclaims';
  return undefined;
}

export function limitRanger(server: AdmissionServer): AdmissionPlugin {
  const rangesOf = (namespace: string) =>
    server.dispatcher
      .cacheFor(LIMIT_RANGES_PREFIX)
      .list({ namespace })
      .items.map((lr) => (lr.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []);
  return {
    name: 'LimitRanger',
    admit(attrs) {
      if (target(attrs) !== 'pods' || attrs.oldObject?.metadata?.deletionTimestamp) return;
      const pod = attrs.object!;
      const notes: string[] = [];
      for (const items of rangesOf(attrs.namespace)) {
        const note = applyDefaults(pod, items);
        if (note) notes.push(note);
      }
      if (notes.length) {
        pod.metadata ??= {};
        pod.metadata.annotations = {
          ...pod.metadata.annotations,
          [LIMIT_RANGER_ANNOTATION]: notes[notes.length - 1]!,
        };
      }
    },
    validate(attrs) {
      const kind = target(attrs);
      if (!kind || attrs.oldObject?.metadata?.deletionTimestamp) return;
      for (const items of rangesOf(attrs.namespace)) {
        const errs =
          kind === 'pods' ? podViolations(attrs.object!, items) : claimViolations(attrs.object!, items);
        if (errs.length) throw forbidden({ group: '', resource: kind }, attrs.name, aggregate(errs));
      }
    },
  };
}
