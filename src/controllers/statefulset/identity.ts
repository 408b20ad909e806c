// A StatefulSet pod's stable identity (pure): its name `<set>-<ordinal>`, hostname and
// subdomain, the pod-name and pod-index labels, and its claims `<template>-<set>-<ordinal>`
// mounted in place of the template's volumes of the same name.
import { POD_REVISION_LABEL } from '../workload-common/controller-revisions.ts';
import { podFromTemplate } from '../workload-common/pod-template.ts';
import type { OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '../workload-common/types.ts';

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const ORDINAL_RE = /^(.*)-([0-9]+)$/;

/** Parent name and ordinal of a pod name (`web-3` → `web`, 3); ordinal -1 when it has none. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = ORDINAL_RE.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return Number.isSafeInteger(ordinal) && ordinal < 2 ** 31
    ? { parent: m[1]!, ordinal }
    : { parent: '', ordinal: -1 };
}

export function ordinalOf(pod: Pod): number {
  return parentAndOrdinal(pod.metadata?.name ?? '').ordinal;
}

/** Whether the pod's name makes it one of the set's (`isMemberOf`). */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod.metadata?.name ?? '').parent === set.metadata?.name;
}

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name}-${ordinal}`;
}

export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export function claimName(templateName: string, set: StatefulSet, ordinal: number): string {
  return `${templateName}-${set.metadata?.name}-${ordinal}`;
}

/** The claims a pod of this ordinal needs, by template (volume) name (`getPersistentVolumeClaims`). */
export function claimsFor(set: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const claims = new Map<string, PersistentVolumeClaim>();
  const selectorLabels = set.spec?.selector?.matchLabels ?? {};
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const templateName = template.metadata?.name ?? '';
    const labels = template.metadata?.labels
      ? { ...template.metadata.labels, ...selectorLabels }
      : { ...selectorLabels };
    const metadata: NonNullable<PersistentVolumeClaim['metadata']> = {
      name: claimName(templateName, set, ordinal),
      namespace: set.metadata?.namespace ?? '',
      labels,
    };
    if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
    claims.set(templateName, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata,
      spec: structuredClone(template.spec ?? {}),
    });
  }
  return claims;
}

/** `updateIdentity` (mutates): name, namespace, labels, hostname, subdomain. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  const name = podName(set, ordinal);
  pod.metadata ??= {};
  pod.metadata.name = name;
  pod.metadata.namespace = set.metadata?.namespace ?? '';
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [STATEFULSET_POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
  };
  pod.spec ??= { containers: [] };
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  else delete pod.spec.subdomain;
}

/** `updateStorage` (mutates): the claims' volumes first, the template's other volumes after. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, ordinalOf(pod));
  pod.spec ??= { containers: [] };
  const current = pod.spec.volumes ?? [];
  const volumes = [...claims].map(([name, claim]) => ({
    name,
    persistentVolumeClaim: { claimName: claim.metadata?.name ?? '' },
  }));
  for (const v of current) if (!claims.has(v.name)) volumes.push(v as never);
  if (volumes.length) pod.spec.volumes = volumes;
}

/** `identityMatches`: the pod still has the identity its ordinal gives it. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata?.name ?? '');
  return (
    ordinal >= 0 &&
    set.metadata?.name === parent &&
    pod.metadata?.name === podName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata?.name &&
    pod.metadata?.labels?.[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** `storageMatches`: every claim template is mounted from the pod's own claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const name = template.metadata?.name ?? '';
    const v = volumes.get(name);
    if (v?.persistentVolumeClaim?.claimName !== claimName(name, set, ordinal)) return false;
  }
  return true;
}

/** `newStatefulSetPod`: the pod of this ordinal from the set's template. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number, ref: OwnerReference): Pod {
  const pod = podFromTemplate(set.spec?.template, set.metadata?.name ?? '', ref, {
    name: podName(set, ordinal),
  });
  pod.metadata!.namespace = set.metadata?.namespace ?? '';
  updateIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

export function podRevision(pod: Pod): string {
  return pod.metadata?.labels?.[POD_REVISION_LABEL] ?? '';
}

export function setPodRevision(pod: Pod, revision: string): void {
  pod.metadata ??= {};
  pod.metadata.labels = { ...pod.metadata.labels, [POD_REVISION_LABEL]: revision };
}
