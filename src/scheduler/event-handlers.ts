// Informer events into the scheduler (upstream's eventhandlers.go): bound pods and nodes feed
// the cache and wake unschedulable pods whose rejecting plugins care about the change; pending
// pods of our profiles feed the queue. Succeeded/Failed pods count as gone.
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import type { SharedInformer } from '../client/index.ts';
import {
  Action,
  ASSIGNED_POD_ADD,
  ASSIGNED_POD_DELETE,
  assignedPodUpdateEvents,
  type EventResource,
  NODE_ADD,
  NODE_DELETE,
  nodeUpdateEvents,
} from './framework/events.ts';
import type { Scheduler } from './scheduler.ts';

const isAssigned = (pod: Pod) => !!pod.spec?.nodeName;
const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const keyOf = (pod: Pod) => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

export interface SchedulerInformers {
  pods: SharedInformer<Pod>;
  nodes: SharedInformer<Node>;
  claims?: SharedInformer<PersistentVolumeClaim>;
  volumes?: SharedInformer<PersistentVolume>;
  classes?: SharedInformer<StorageClass>;
}

export function registerEventHandlers(s: Scheduler, informers: SchedulerInformers): () => void {
  const q = s.queue;
  const c = s.cache;

  const assignedAdded = (pod: Pod) => {
    c.addPod(pod);
    q.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_ADD, undefined, pod);
  };
  const assignedDeleted = (pod: Pod) => {
    c.removePod(pod);
    q.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE, pod, undefined);
  };

  const pods = informers.pods.addEventHandler({
    onAdd(pod) {
      if (isTerminal(pod)) return;
      if (isAssigned(pod)) assignedAdded(pod);
      else if (s.responsibleFor(pod)) q.add(pod);
    },
    onUpdate(oldPod, newPod) {
      if (isAssigned(newPod)) {
        if (!isAssigned(oldPod)) {
          // Bound (by us or by someone else): no longer ours to schedule.
          if (s.responsibleFor(oldPod)) q.delete(oldPod);
          if (isTerminal(newPod)) return;
          assignedAdded(newPod);
          return;
        }
        if (isTerminal(newPod)) {
          if (!isTerminal(oldPod)) assignedDeleted(oldPod);
          return;
        }
        if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
        c.updatePod(oldPod, newPod);
        for (const e of assignedPodUpdateEvents(oldPod, newPod))
          q.moveAllToActiveOrBackoffQueue(e, oldPod, newPod);
        return;
      }
      if (isTerminal(newPod)) {
        q.delete(newPod);
        return;
      }
      if (!s.responsibleFor(newPod)) {
        if (s.responsibleFor(oldPod)) q.delete(oldPod);
        return;
      }
      if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
      if (c.isAssumedPod(keyOf(newPod))) return;
      q.update(oldPod, newPod);
    },
    onDelete(pod) {
      if (isAssigned(pod)) {
        if (!isTerminal(pod)) assignedDeleted(pod);
        else c.removePod(pod);
      } else q.delete(pod);
    },
  });

  const nodes = informers.nodes.addEventHandler({
    onAdd(node) {
      c.addNode(node);
      q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, node);
    },
    onUpdate(oldNode, newNode) {
      c.updateNode(oldNode, newNode);
      for (const e of nodeUpdateEvents(oldNode, newNode))
        q.moveAllToActiveOrBackoffQueue(e, oldNode, newNode);
    },
    onDelete(node) {
      c.removeNode(node);
      q.moveAllToActiveOrBackoffQueue(NODE_DELETE, node, undefined);
    },
  });

  // Storage objects only wake pods (VolumeBinding reads them from the informers directly).
  const storage = <T extends PersistentVolume | PersistentVolumeClaim | StorageClass>(
    resource: EventResource,
    informer: SharedInformer<T> | undefined,
  ) =>
    informer?.addEventHandler({
      onAdd(obj) {
        q.moveAllToActiveOrBackoffQueue(
          { resource, actions: Action.Add, label: `${resource}Add` },
          undefined,
          obj,
        );
      },
      onUpdate(oldObj, newObj) {
        if (oldObj.metadata?.resourceVersion === newObj.metadata?.resourceVersion) return;
        q.moveAllToActiveOrBackoffQueue(
          { resource, actions: Action.UpdateOther, label: `${resource}Update` },
          oldObj,
          newObj,
        );
      },
    });
  const storageHandlers = [
    storage('PersistentVolumeClaim', informers.claims),
    storage('PersistentVolume', informers.volumes),
    storage('StorageClass', informers.classes),
  ];

  return () => {
    pods.remove();
    nodes.remove();
    for (const h of storageHandlers) h?.remove();
  };
}
