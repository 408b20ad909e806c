// core/v1 Pod: the strategy upstream's pkg/registry/core/pod/strategy.go describes. A pod starts
// Pending with its QoS class computed once; a spec update may change little (images, deadlines,
// tolerations); the /status subresource may change nothing but status.
import type { Pod, PodAffinityTerm, PodStatus } from 'kubernetes-types/core/v1.js';
import { ensure } from '../internal/loose-json.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import { defaultPod } from './pod-spec/defaults.ts';
import { dropDisabledPodSpecFields } from './pod-spec/disabled-fields.ts';
import { podQOSClass } from './pod-spec/qos.ts';
import { validatePodCreate, validatePodSpecUpdate, validatePodStatusUpdate } from './pod-spec/validate.ts';
import { podSpecWarnings } from './pod-spec/warnings.ts';
import { podTable } from './pod-table.ts';

type PodObject = KubeObject & Pod;
// kubernetes-types marks status read-only (servers own it); a strategy is the server.
type Writable = { status?: PodStatus; spec?: Pod['spec'] };

/** A pod held back by scheduling gates says so in its PodScheduled condition from the start. */
function applySchedulingGatedCondition(pod: PodObject): void {
  if (!pod.spec?.schedulingGates?.length) return;
  const status: PodStatus = ensure(pod as Writable, 'status');
  if (status.conditions?.some((c) => c.type === 'PodScheduled')) return;
  status.conditions = [...(status.conditions ?? [])];
  status.conditions.push({
    type: 'PodScheduled',
    status: 'False',
    reason: 'SchedulingGated',
    message: 'Scheduling is blocked due to non-empty scheduling gates',
    lastProbeTime: null as unknown as undefined,
    lastTransitionTime: null as unknown as undefined,
  });
}

/** matchLabelKeys / mismatchLabelKeys of pod (anti-)affinity become selector terms at creation. */
function applyMatchLabelKeys(pod: PodObject): void {
  const affinity = pod.spec?.affinity;
  if (!affinity) return;
  const labels = pod.metadata?.labels ?? {};
  const apply = (term: PodAffinityTerm | undefined) => {
    if (!term?.labelSelector || (!term.matchLabelKeys?.length && !term.mismatchLabelKeys?.length)) return;
    term.labelSelector.matchExpressions ??= [];
    const expressions = term.labelSelector.matchExpressions;
    for (const key of term.matchLabelKeys ?? []) {
      if (key in labels) expressions.push({ key, operator: 'In', values: [labels[key]!] });
    }
    for (const key of term.mismatchLabelKeys ?? []) {
      if (key in labels) expressions.push({ key, operator: 'NotIn', values: [labels[key]!] });
    }
  };
  for (const kind of [affinity?.podAffinity, affinity?.podAntiAffinity]) {
    for (const term of kind?.requiredDuringSchedulingIgnoredDuringExecution ?? []) apply(term);
    for (const weighted of kind?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      apply(weighted.podAffinityTerm);
  }
}

export const podStrategy: ResourceStrategy<PodObject> = {
  group: '',
  kind: 'Pod',
  resource: 'pods',
  singular: 'pod',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['po'],
  categories: ['all'],
  subresources: { status: true },

  defaults: (pod) => defaultPod(pod),

  prepareForCreate(pod) {
    dropDisabledPodSpecFields(pod.spec);
    (pod as Writable).status = { phase: 'Pending', qosClass: podQOSClass(pod) };
    // Pods carry no metadata.generation in v1.32 (it arrived with pod generation tracking later).
    if (pod.metadata) delete pod.metadata.generation;
    applySchedulingGatedCondition(pod);
    applyMatchLabelKeys(pod);
  },
  prepareForUpdate(pod, old) {
    dropDisabledPodSpecFields(pod.spec, old.spec);
    (pod as Writable).status = old.status;
  },
  prepareForStatusUpdate(pod, old) {
    pod.spec = old.spec;
    // Old kubelets corrupted owner references through /status; upstream pins them.
    if (pod.metadata) pod.metadata.ownerReferences = old.metadata?.ownerReferences;
    const status = (pod as Writable).status;
    if (status && !status.qosClass && old.status?.qosClass) status.qosClass = old.status.qosClass;
  },
  generationChanged: () => false,

  validate: (pod) => validatePodCreate(pod),
  validateUpdate: (pod, old) => validatePodSpecUpdate(pod, old),
  validateStatusUpdate: (pod, old) => validatePodStatusUpdate(pod, old),
  warnings: (pod, old) => (old ? [] : podSpecWarnings(pod.metadata, pod.spec, '')),

  selectableFields(pod) {
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork === true),
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': pod.status?.podIPs?.[0]?.ip ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },
  table: podTable as ResourceStrategy<PodObject>['table'],

  /**
   * The pod's terminationGracePeriodSeconds, except that pods never scheduled or already finished
   * go at once, and a negative period counts as 1 (upstream CheckGracefulDelete). Upstream applies
   * the first two rules even over a grace period the client asked for.
   */
  gracePeriodSeconds(pod, requested) {
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    const period = requested ?? pod.spec.terminationGracePeriodSeconds ?? 0;
    return period < 0 ? 1 : period;
  },
};
