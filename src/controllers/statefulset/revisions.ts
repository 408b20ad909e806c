// A StatefulSet's revisions (pure): the revision its current template makes, which existing
// revision that is (the latest, or an older one being rolled back to), and which revisions
// history pruning may delete.
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionName,
  equalRevision,
  findEqualRevisions,
  newControllerRevision,
  revisionTemplate,
  templatePatch,
} from '../workload-common/controller-revisions.ts';
import { hashRevisionData } from '../workload-common/hash.ts';
import type { ControllerRevision, OwnerReference, Pod, StatefulSet } from '../workload-common/types.ts';
import { podRevision } from './identity.ts';

/** `newRevision`: the revision of the set's current template (named by the hash of its data). */
export function newStatefulSetRevision(
  set: StatefulSet,
  revision: number,
  collisionCount: number,
  owner: OwnerReference,
): ControllerRevision {
  const data = templatePatch(set.spec?.template);
  const hash = hashRevisionData(data, collisionCount);
  return newControllerRevision({
    name: controllerRevisionName(set.metadata?.name ?? '', hash),
    namespace: set.metadata?.namespace ?? '',
    labels: { ...set.spec?.template?.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
    annotations: { ...set.metadata?.annotations },
    owner,
    data,
    revision,
  });
}

/** `ApplyRevision`: the set with the template the revision holds. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const copy = structuredClone(set);
  copy.spec!.template = revisionTemplate(revision);
  return copy;
}

export type UpdateRevisionChoice =
  | { kind: 'latest'; revision: ControllerRevision }
  | { kind: 'renumber'; revision: ControllerRevision; to: number }
  | { kind: 'create'; revision: ControllerRevision };

/**
 * Which revision is the update revision (`getStatefulSetRevisions`): the latest when it equals
 * the template, an older equal one renumbered to be latest (a rollback), or a new one.
 */
export function chooseUpdateRevision(
  sorted: readonly ControllerRevision[],
  candidate: ControllerRevision,
): UpdateRevisionChoice {
  const equal = findEqualRevisions(sorted, candidate);
  const latest = sorted[sorted.length - 1];
  if (equal.length > 0 && equalRevision(latest, equal[equal.length - 1]))
    return { kind: 'latest', revision: latest! };
  if (equal.length > 0)
    return { kind: 'renumber', revision: equal[equal.length - 1]!, to: candidate.revision ?? 0 };
  return { kind: 'create', revision: candidate };
}

/** `truncateHistory`: revisions neither current, updating, nor run by a pod, beyond the limit (oldest first). */
export function revisionsToPrune(
  sorted: readonly ControllerRevision[],
  pods: readonly Pod[],
  current: string,
  update: string,
  limit: number,
): ControllerRevision[] {
  const live = new Set([current, update, ...pods.map(podRevision)]);
  const history = sorted.filter((r) => !live.has(r.metadata?.name ?? ''));
  return history.length <= limit ? [] : history.slice(0, history.length - limit);
}
