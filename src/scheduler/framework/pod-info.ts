// A pod with everything the plugins ask about it computed once (upstream's framework.PodInfo):
// its requests, its affinity terms compiled to selectors, its host ports. Built when the pod
// enters the cache or the queue, so filters over thousands of nodes never parse anything.
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.d.ts';
import { labelSelectorAsSelector } from '../../machinery/label-selector.ts';
import type { Labels, Selector } from '../../machinery/labels.ts';
import { podRequests, type Resource } from './resource.ts';

/** A compiled pod (anti-)affinity term. */
export interface AffinityTerm {
  /** Namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector is set). */
  namespaces: ReadonlySet<string>;
  /** Selects namespaces by their labels; matches nothing when the term has no namespaceSelector. */
  namespaceSelector: Selector;
  selector: Selector;
  topologyKey: string;
  /** Identifies which pods the term selects (not the topology key), for per-node memos. */
  key: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

const EMPTY: never[] = Object.freeze([]) as never[];

/** Whether `term` selects `pod` (upstream's AffinityTerm.Matches); `nsLabels` are the labels of the pod's namespace. */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Labels | undefined): boolean {
  if (term.namespaces.has(pod.namespace) || term.namespaceSelector.matches(nsLabels)) {
    return term.selector.matches(pod.labels);
  }
  return false;
}

function selectorKey(s: Selector): string {
  return s.selectable ? s.toString() : '<nothing>';
}

/** The memo key of a term: its namespaces, namespace selector and label selector. */
export function affinityTermKey(
  t: Pick<AffinityTerm, 'namespaces' | 'namespaceSelector' | 'selector'>,
): string {
  return `${[...t.namespaces].sort().join(',')}|${selectorKey(t.namespaceSelector)}|${selectorKey(t.selector)}`;
}

function compileTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if (!t.namespaces?.length && !t.namespaceSelector) namespaces.add(pod.metadata?.namespace ?? '');
  else for (const ns of t.namespaces ?? []) namespaces.add(ns);
  const term = {
    namespaces,
    namespaceSelector: labelSelectorAsSelector(t.namespaceSelector),
    selector: labelSelectorAsSelector(t.labelSelector),
    topologyKey: t.topologyKey,
    key: '',
  };
  term.key = affinityTermKey(term);
  return term;
}

function compileWeighted(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  if (!terms?.length) return EMPTY;
  return terms.map((w) => ({ ...compileTerm(pod, w.podAffinityTerm), weight: w.weight }));
}

function hostPortsOf(pod: Pod): HostPort[] {
  let out: HostPort[] | undefined;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      (out ??= []).push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out ?? EMPTY;
}

export class PodInfo {
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly priority: number;
  /** Requests as the fit filter counts them. */
  readonly requests: Resource;
  /** CPU/memory with the scoring defaults for containers that request none. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly hostPorts: readonly HostPort[];
  /** Set when an affinity term's selector does not parse (the InterPodAffinity PreFilter reports it). */
  readonly parseError: Error | undefined;

  constructor(pod: Pod) {
    this.pod = pod;
    const meta = pod.metadata ?? {};
    this.namespace = meta.namespace ?? '';
    this.name = meta.name ?? '';
    this.key = `${this.namespace}/${this.name}`;
    this.uid = meta.uid ?? '';
    this.labels = meta.labels ?? {};
    this.priority = pod.spec?.priority ?? 0;
    this.terminating = !!meta.deletionTimestamp;
    this.requests = podRequests(pod);
    const nonZero = podRequests(pod, true);
    this.nonZeroMilliCPU = nonZero.milliCPU;
    this.nonZeroMemory = nonZero.memory;
    this.hostPorts = hostPortsOf(pod);
    const affinity = pod.spec?.affinity;
    let required: AffinityTerm[] = EMPTY;
    let requiredAnti: AffinityTerm[] = EMPTY;
    let preferred: WeightedAffinityTerm[] = EMPTY;
    let preferredAnti: WeightedAffinityTerm[] = EMPTY;
    let parseError: Error | undefined;
    if (affinity?.podAffinity || affinity?.podAntiAffinity) {
      try {
        const pa = affinity.podAffinity;
        const paa = affinity.podAntiAffinity;
        if (pa?.requiredDuringSchedulingIgnoredDuringExecution?.length)
          required = pa.requiredDuringSchedulingIgnoredDuringExecution.map((t) => compileTerm(pod, t));
        if (paa?.requiredDuringSchedulingIgnoredDuringExecution?.length)
          requiredAnti = paa.requiredDuringSchedulingIgnoredDuringExecution.map((t) => compileTerm(pod, t));
        preferred = compileWeighted(pod, pa?.preferredDuringSchedulingIgnoredDuringExecution);
        preferredAnti = compileWeighted(pod, paa?.preferredDuringSchedulingIgnoredDuringExecution);
      } catch (e) {
        parseError = e instanceof Error ? e : new Error(String(e));
      }
    }
    this.requiredAffinityTerms = required;
    this.requiredAntiAffinityTerms = requiredAnti;
    this.preferredAffinityTerms = preferred;
    this.preferredAntiAffinityTerms = preferredAnti;
    this.parseError = parseError;
  }

  get nodeName(): string {
    return this.pod.spec?.nodeName ?? '';
  }

  /** Has a deletionTimestamp. */
  readonly terminating: boolean;

  /** Has any pod (anti-)affinity term, required or preferred (upstream's PodsWithAffinity membership). */
  hasAffinity(): boolean {
    return (
      this.requiredAffinityTerms.length > 0 ||
      this.requiredAntiAffinityTerms.length > 0 ||
      this.preferredAffinityTerms.length > 0 ||
      this.preferredAntiAffinityTerms.length > 0
    );
  }

  hasRequiredAntiAffinity(): boolean {
    return this.requiredAntiAffinityTerms.length > 0;
  }

  /** The same pod info for a copy of the pod bound to `nodeName` (the scheduler's "assumed" pod). */
  assumedOn(nodeName: string): PodInfo {
    const pod: Pod = { ...this.pod, spec: { ...this.pod.spec!, nodeName } };
    const info = Object.create(PodInfo.prototype) as PodInfo;
    Object.assign(info, this, { pod });
    return info;
  }
}
