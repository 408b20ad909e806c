// Cache indexes the workload controllers share on the one pod (and ReplicaSet, revision ...)
// informer: objects by the uid of their controller owner, orphans under ''. An owner finds
// its objects and the orphans it may adopt without scanning its whole namespace.
import type { ObjectLike, ResourceDescriptor, SharedInformer } from '../../client/index.ts';
import type { ControllerContext } from '../controller-definition.ts';

export const CONTROLLER_UID_INDEX = 'controllerUid';

/** The controller owner's uid, or '' for an orphan. */
export function indexByControllerUid(obj: ObjectLike): string[] {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  return [ref?.uid ?? ''];
}

export const CONTROLLER_UID_INDEXERS = { [CONTROLLER_UID_INDEX]: indexByControllerUid };

/** Objects an owner may claim: those it controls plus the orphans of its namespace. */
export function claimCandidates<T extends ObjectLike>(
  byIndex: (name: string, value: string) => T[],
  ownerUid: string,
  namespace: string,
): T[] {
  const orphans = byIndex(CONTROLLER_UID_INDEX, '').filter((o) => o.metadata?.namespace === namespace);
  return [...byIndex(CONTROLLER_UID_INDEX, ownerUid), ...orphans];
}

/** The shared informer of objects owners claim (pods, ReplicaSets, revisions), indexed by controller uid. */
export function claimableInformer<T extends ObjectLike>(
  ctx: ControllerContext,
  d: ResourceDescriptor,
): SharedInformer<T> {
  return ctx.informers.informerFor<T>(d, { indexers: CONTROLLER_UID_INDEXERS });
}
