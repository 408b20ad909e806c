// Feeding a workload controller's expectations from pod events: a pod added counts as an
// observed creation (or, already being deleted when first seen after a restart, a deletion); a
// pod marked for deletion or gone counts as an observed deletion. `ownerKey` names the owner a
// pod counts for (none: it is not ours).
import type { SharedInformer } from '../../client/index.ts';
import { objectKey } from '../../client/index.ts';
import type { ControllerExpectations } from './expectations.ts';
import type { Pod } from './types.ts';

export function observePodExpectations(
  pods: SharedInformer<Pod>,
  expectations: ControllerExpectations,
  ownerKey: (pod: Pod) => string | undefined,
): void {
  pods.addEventHandler({
    onAdd: (pod) => {
      const key = ownerKey(pod);
      if (!key) return;
      if (pod.metadata?.deletionTimestamp) expectations.deletionObserved(key, objectKey(pod));
      else expectations.creationObserved(key);
    },
    onUpdate: (_old, pod) => {
      if (!pod.metadata?.deletionTimestamp) return;
      const key = ownerKey(pod);
      if (key) expectations.deletionObserved(key, objectKey(pod));
    },
    onDelete: (pod) => {
      const key = ownerKey(pod);
      if (key) expectations.deletionObserved(key, objectKey(pod));
    },
  });
}
