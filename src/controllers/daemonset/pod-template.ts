// What a DaemonSet's pods look like (pure): the template with the tolerations upstream adds to
// every daemon pod, the revision and template-generation labels, and a required node affinity
// that pins the pod to its node (`metadata.name In [node]`) for the scheduler to bind.
import type { Affinity, PodSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { POD_REVISION_LABEL } from '../workload-common/controller-revisions.ts';
import { semanticEqual } from '../workload-common/semantic-equal.ts';
import type { DaemonSet, PodTemplateSpec } from '../workload-common/types.ts';

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** The tolerations every daemon pod gets (`AddOrUpdateDaemonPodTolerations`). */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork)
    t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

/** `AddOrUpdateTolerationInPodSpec` for each daemon toleration (mutates `spec`). */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const list = [...(spec.tolerations ?? [])];
  for (const t of daemonPodTolerations(spec.hostNetwork === true)) {
    let found = false;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      // `MatchToleration`: same key, operator, value and effect.
      if (
        (e.key ?? '') === t.key &&
        (e.operator ?? '') === t.operator &&
        (e.value ?? '') === '' &&
        (e.effect ?? '') === t.effect
      ) {
        found = true;
        if (!semanticEqual(e, t)) list[i] = { ...t };
      }
    }
    if (!found) list.push({ ...t });
  }
  spec.tolerations = list;
}

/** The template generation (the `deprecated.daemonset.template.generation` annotation). */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** `CreatePodTemplate`: the template with the tolerations and the generation and revision labels. */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {});
  t.spec ??= { containers: [] };
  addDaemonPodTolerations(t.spec);
  t.metadata ??= {};
  t.metadata.labels = { ...t.metadata.labels };
  const generation = templateGeneration(ds);
  if (generation !== undefined) t.metadata.labels[POD_TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) t.metadata.labels[POD_REVISION_LABEL] = hash;
  return t;
}

/** `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes exactly `metadata.name In [node]`. */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const a = structuredClone(affinity ?? {});
  a.nodeAffinity ??= {};
  a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
  };
  return a;
}

/** `GetTargetNodeName`: the node a daemon pod is bound or pinned to. */
export function targetNodeName(pod: { spec?: PodSpec }): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** `IsPodUpdated`: the pod runs the current revision (by hash, or by template generation). */
export function isPodUpdated(
  pod: { metadata?: { labels?: Record<string, string> } },
  hash: string,
  generation: number | undefined,
): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches =
    generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[POD_REVISION_LABEL] === hash;
  return hashMatches || templateMatches;
}
