// ControllerRevisions, the template history of StatefulSets and DaemonSets (upstream's
// controller history): each revision's data is a patch that replaces `spec.template`, which is
// what `kubectl rollout history|undo` read and apply. Revisions are numbered; equal data means
// the same revision (rolling back re-numbers an old revision instead of creating a new one).
import { timeMs } from './pod-state.ts';
import { semanticEqual } from './semantic-equal.ts';
import type { ControllerRevision, OwnerReference, PodTemplateSpec } from './types.ts';

/** Label of every StatefulSet revision: the hash its name ends with. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** Label a StatefulSet or DaemonSet puts on its pods (and DaemonSet revisions): the revision they run. */
export const POD_REVISION_LABEL = 'controller-revision-hash';

/** The revision data of an object with a pod template: `{"spec":{"template":{...,"$patch":"replace"}}}`. */
export function templatePatch(template: PodTemplateSpec | undefined): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(template ?? {}), $patch: 'replace' } } };
}

/** The template a revision holds (its data's spec.template without the directive). */
export function revisionTemplate(revision: ControllerRevision): PodTemplateSpec {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const { $patch: _directive, ...template } = structuredClone(data?.spec?.template ?? {});
  return template as PodTemplateSpec;
}

/** `ControllerRevisionName`: `<parent>-<hash>`, the parent part cut to 223 characters. */
export function controllerRevisionName(parentName: string, hash: string): string {
  return `${parentName.length > 223 ? parentName.slice(0, 223) : parentName}-${hash}`;
}

/** Same data (and, when both carry one, the same hash label). */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  return semanticEqual(a.data, b.data);
}

/** Revisions with the same data as `needle`, in the given order. */
export function findEqualRevisions(
  revisions: readonly ControllerRevision[],
  needle: ControllerRevision,
): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** By revision number, then creation time, then name (`SortControllerRevisions`). */
export function sortRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort((a, b) => {
    if ((a.revision ?? 0) !== (b.revision ?? 0)) return (a.revision ?? 0) - (b.revision ?? 0);
    const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
    const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
    if (ta !== tb) return ta - tb;
    return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
  });
}

/** The number after the highest revision (1 for none). */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length === 0 ? 1 : (sorted[sorted.length - 1]!.revision ?? 0) + 1;
}

/** A revision object ready to create. */
export function newControllerRevision(o: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  owner: OwnerReference;
  data: unknown;
  revision: number;
}): ControllerRevision {
  const metadata: NonNullable<ControllerRevision['metadata']> = {
    name: o.name,
    namespace: o.namespace,
    labels: o.labels,
    ownerReferences: [o.owner],
  };
  if (o.annotations && Object.keys(o.annotations).length) metadata.annotations = o.annotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata,
    data: o.data as never,
    revision: o.revision,
  };
}
