// Whether the claims the scheduler handed to the PV controller are bound yet (upstream's
// checkBindings), read from the informers' view of the API: true when all are fully bound,
// false to keep waiting, an error when binding has to be retried from scratch (the pod is gone,
// the provisioner gave up and cleared the selected node, the volume does not fit the node).
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { type NodeFacts, volumeFitsNode } from './find-pod-volumes.ts';
import { ANN_SELECTED_NODE, isFullyBound } from './pod-claims.ts';

/** The API objects as the informers have them (no assumptions). */
export interface ApiView {
  pod(namespace: string, name: string): Pod | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
}

/** Whether resourceVersion `a` is older than `b` (etcd revisions; opaque ones compare as equal). */
export function olderVersion(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) < BigInt(b);
}

/**
 * Checks the claims `written` (as the scheduler's update returned them) for the pod on `node`.
 * Usage: `if (checkBindings(pod, node, written, api)) done();` — throws when binding failed.
 */
export function checkBindings(
  pod: { namespace: string; name: string },
  node: NodeFacts,
  written: readonly PersistentVolumeClaim[],
  api: ApiView,
): boolean {
  if (!api.pod(pod.namespace, pod.name))
    throw new Error(`pod does not exist any more: pods "${pod.name}" not found`);
  for (const mine of written) {
    const ns = mine.metadata?.namespace ?? '';
    const name = mine.metadata?.name ?? '';
    const claim = api.claim(ns, name);
    if (!claim)
      throw new Error(
        `failed to check provisioning pvc: could not find v1.PersistentVolumeClaim "${ns}/${name}"`,
      );
    // The informer has not seen our update yet.
    if (olderVersion(claim.metadata?.resourceVersion, mine.metadata?.resourceVersion)) return false;
    const annotations = claim.metadata?.annotations;
    if (!annotations) throw new Error(`selectedNode annotation reset for PVC "${name}"`);
    // A provisioner that cannot make the volume clears the annotation to hand the pod back.
    if (annotations[ANN_SELECTED_NODE] !== node.name)
      throw new Error(`provisioning failed for PVC "${name}"`);
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      const pv = api.volume(volumeName);
      // Possibly not seen yet; a volume that is really gone makes the claim Lost eventually.
      if (!pv) return false;
      if (!volumeFitsNode(pv, node))
        throw new Error(
          `pv "${volumeName}" node affinity doesn't match node "${node.name}": no matching NodeSelectorTerms`,
        );
    }
    if (!isFullyBound(claim)) return false;
  }
  return true;
}
