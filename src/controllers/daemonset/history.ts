// A DaemonSet's revisions (pure parts of upstream's constructHistory/cleanupHistory): the
// revision of its current template (named `<ds>-<hash>`, labelled controller-revision-hash),
// which existing revisions equal it, and which old ones history pruning may delete.
import {
  newControllerRevision,
  POD_REVISION_LABEL,
  templatePatch,
} from '../workload-common/controller-revisions.ts';
import { computeHash } from '../workload-common/hash.ts';
import { semanticEqual } from '../workload-common/semantic-equal.ts';
import type { ControllerRevision, DaemonSet, OwnerReference, Pod } from '../workload-common/types.ts';

/** `Match`: the revision holds the DaemonSet's current template. */
export function revisionMatches(ds: DaemonSet, revision: ControllerRevision): boolean {
  return semanticEqual(templatePatch(ds.spec?.template), revision.data);
}

/** `snapshot`'s object: the revision of the current template. */
export function daemonSetRevision(
  ds: DaemonSet,
  revision: number,
  owner: OwnerReference,
): ControllerRevision {
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  return newControllerRevision({
    name: `${ds.metadata?.name}-${hash}`,
    namespace: ds.metadata?.namespace ?? '',
    labels: { ...ds.spec?.template?.metadata?.labels, [POD_REVISION_LABEL]: hash },
    annotations: { ...ds.metadata?.annotations },
    owner,
    data: templatePatch(ds.spec?.template),
    revision,
  });
}

export function maxRevisionNumber(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

/** `cleanupHistory`: old revisions beyond revisionHistoryLimit that no pod runs, lowest revision first. */
export function revisionsToPrune(
  old: readonly ControllerRevision[],
  pods: readonly Pod[],
  limit: number,
): ControllerRevision[] {
  let toKill = old.length - limit;
  if (toKill <= 0) return [];
  const live = new Set(
    pods.map((p) => p.metadata?.labels?.[POD_REVISION_LABEL]).filter((h): h is string => !!h),
  );
  const out: ControllerRevision[] = [];
  for (const r of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    const hash = r.metadata?.labels?.[POD_REVISION_LABEL];
    if (hash !== undefined && live.has(hash)) continue;
    out.push(r);
    toKill--;
  }
  return out;
}
