// Cluster events that may make a rejected pod schedulable (upstream's ClusterEvent and
// QueueingHint): each plugin lists the events it cares about; when one happens, the queue asks
// the plugins that rejected a pod whether this particular change could help it, and moves the
// pod back to the active queue only if one says "Queue".
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1.d.ts';

export type EventResource =
  | 'Pod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | '*';

/** Action types as bits (upstream's ActionType). */
export const Action = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodTolerations: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update of the object. */
  UpdateOther: 1 << 11,
} as const;

export const UPDATE =
  Action.UpdateNodeAllocatable |
  Action.UpdateNodeLabel |
  Action.UpdateNodeTaint |
  Action.UpdateNodeCondition |
  Action.UpdateNodeAnnotation |
  Action.UpdatePodLabel |
  Action.UpdatePodScaleDown |
  Action.UpdatePodTolerations |
  Action.UpdatePodSchedulingGatesEliminated |
  Action.UpdateOther;
export const ALL_ACTIONS = Action.Add | Action.Delete | UPDATE;

export interface ClusterEvent {
  resource: EventResource;
  /** A bit set of Action values. */
  actions: number;
  /** Name for logs and metrics, e.g. `NodeAdd`, `AssignedPodDelete`. */
  label: string;
}

export type QueueingHint = 'Queue' | 'QueueSkip';

/**
 * Decides whether an event may make `pod` schedulable. `oldObj` is undefined for adds,
 * `newObj` for deletes. Throwing counts as "Queue" (upstream falls back to queueing).
 */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: Omit<ClusterEvent, 'label'>;
  hint?: QueueingHintFn;
}

/** Whether a registered event covers a happening one. */
export function eventMatches(registered: Omit<ClusterEvent, 'label'>, happened: ClusterEvent): boolean {
  return (
    (registered.resource === '*' || registered.resource === happened.resource) &&
    (registered.actions & happened.actions) !== 0
  );
}

export const NODE_ADD: ClusterEvent = { resource: 'Node', actions: Action.Add, label: 'NodeAdd' };
export const NODE_DELETE: ClusterEvent = { resource: 'Node', actions: Action.Delete, label: 'NodeDelete' };
export const ASSIGNED_POD_ADD: ClusterEvent = {
  resource: 'Pod',
  actions: Action.Add,
  label: 'AssignedPodAdd',
};
export const ASSIGNED_POD_DELETE: ClusterEvent = {
  resource: 'Pod',
  actions: Action.Delete,
  label: 'AssignedPodDelete',
};
/** Used for pods waiting too long in the unschedulable pool: every plugin is asked to let it go. */
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = {
  resource: '*',
  actions: ALL_ACTIONS,
  label: 'UnschedulableTimeout',
};
export const FORCE_ACTIVATE: ClusterEvent = { resource: '*', actions: ALL_ACTIONS, label: 'ForceActivate' };

function sameJSON(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function withoutHeartbeats(conditions: readonly NodeCondition[] | undefined): unknown {
  return (conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '']);
}

/** The events a node update amounts to (upstream's NodeSchedulingPropertiesChange). */
export function nodeUpdateEvents(oldNode: Node, newNode: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!sameJSON(oldNode.status?.allocatable, newNode.status?.allocatable))
    events.push({ resource: 'Node', actions: Action.UpdateNodeAllocatable, label: 'NodeAllocatableChange' });
  if (!sameJSON(oldNode.metadata?.labels, newNode.metadata?.labels))
    events.push({ resource: 'Node', actions: Action.UpdateNodeLabel, label: 'NodeLabelChange' });
  if (
    !sameJSON(oldNode.spec?.taints, newNode.spec?.taints) ||
    (oldNode.spec?.unschedulable ?? false) !== (newNode.spec?.unschedulable ?? false)
  )
    events.push({ resource: 'Node', actions: Action.UpdateNodeTaint, label: 'NodeTaintChange' });
  if (!sameJSON(withoutHeartbeats(oldNode.status?.conditions), withoutHeartbeats(newNode.status?.conditions)))
    events.push({ resource: 'Node', actions: Action.UpdateNodeCondition, label: 'NodeConditionChange' });
  if (!sameJSON(oldNode.metadata?.annotations, newNode.metadata?.annotations))
    events.push({ resource: 'Node', actions: Action.UpdateNodeAnnotation, label: 'NodeAnnotationChange' });
  return events;
}

/** The events an update of an assigned pod amounts to (label changes, requests going down). */
export function assignedPodUpdateEvents(oldPod: Pod, newPod: Pod): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!sameJSON(oldPod.metadata?.labels, newPod.metadata?.labels))
    events.push({ resource: 'Pod', actions: Action.UpdatePodLabel, label: 'AssignedPodUpdatePodLabel' });
  const oldReq = oldPod.spec?.containers?.map((c) => c.resources?.requests);
  const newReq = newPod.spec?.containers?.map((c) => c.resources?.requests);
  if (!sameJSON(oldReq, newReq))
    events.push({
      resource: 'Pod',
      actions: Action.UpdatePodScaleDown,
      label: 'AssignedPodUpdatePodScaleDown',
    });
  return events;
}

/** The events an update of a pending pod (one of ours) amounts to. */
export function unscheduledPodUpdateEvents(oldPod: Pod, newPod: Pod): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!sameJSON(oldPod.metadata?.labels, newPod.metadata?.labels))
    events.push({ resource: 'Pod', actions: Action.UpdatePodLabel, label: 'UnscheduledPodUpdatePodLabel' });
  if (!sameJSON(oldPod.spec?.tolerations, newPod.spec?.tolerations))
    events.push({
      resource: 'Pod',
      actions: Action.UpdatePodTolerations,
      label: 'UnscheduledPodUpdatePodTolerations',
    });
  if ((oldPod.spec?.schedulingGates?.length ?? 0) > 0 && !newPod.spec?.schedulingGates?.length)
    events.push({
      resource: 'Pod',
      actions: Action.UpdatePodSchedulingGatesEliminated,
      label: 'UnscheduledPodUpdatePodSchedulingGatesEliminated',
    });
  if (events.length === 0)
    events.push({ resource: 'Pod', actions: Action.UpdateOther, label: 'UnscheduledPodUpdate' });
  return events;
}
