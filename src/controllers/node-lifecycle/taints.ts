// The taints the node lifecycle controller manages (upstream's taint-by-condition and
// NoExecute taint passes): NoSchedule taints mirroring node conditions and spec.unschedulable,
// and the not-ready / unreachable NoExecute taint that evicts pods. Other taints are left as
// they are; a NoExecute taint that stays keeps its timeAdded.
import type { Node, Taint } from 'kubernetes-types/core/v1.d.ts';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Condition type → status → NoSchedule taint key (upstream's nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const MANAGED_NO_SCHEDULE = new Set([
  ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
  TAINT_UNSCHEDULABLE,
]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

/** The NoSchedule taint keys the node's conditions call for. */
export function noScheduleTaintKeys(node: Node): string[] {
  const keys: string[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) keys.push(key);
  }
  if (node.spec?.unschedulable) keys.push(TAINT_UNSCHEDULABLE);
  return keys;
}

/** The NoExecute taint key for the Ready status (none while Ready is True or absent). */
export function noExecuteTaintKey(readyStatus: string | undefined): string | undefined {
  if (readyStatus === 'False') return TAINT_NOT_READY;
  if (readyStatus === 'Unknown') return TAINT_UNREACHABLE;
  return undefined;
}

/**
 * The node's taints with the managed ones as they should be. `readyStatus` decides the NoExecute
 * taint (undefined: leave NoExecute taints alone, e.g. a node that never reported).
 */
export function desiredTaints(
  node: Node,
  readyStatus: string | undefined,
  manageNoExecute: boolean,
  now: string,
): { taints: Taint[]; changed: boolean } {
  const current = node.spec?.taints ?? [];
  const wantNoSchedule = new Set(noScheduleTaintKeys(node));
  const wantNoExecute = manageNoExecute ? noExecuteTaintKey(readyStatus) : undefined;
  const out: Taint[] = [];
  for (const t of current) {
    if (t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key)) {
      if (wantNoSchedule.has(t.key) && !out.some((o) => o.key === t.key && o.effect === 'NoSchedule'))
        out.push(t);
      continue;
    }
    if (manageNoExecute && t.effect === 'NoExecute' && MANAGED_NO_EXECUTE.has(t.key)) {
      if (t.key === wantNoExecute && !out.some((o) => o.key === t.key && o.effect === 'NoExecute'))
        out.push(t);
      continue;
    }
    out.push(t);
  }
  for (const key of wantNoSchedule)
    if (!out.some((t) => t.key === key && t.effect === 'NoSchedule')) out.push({ key, effect: 'NoSchedule' });
  if (wantNoExecute && !out.some((t) => t.key === wantNoExecute && t.effect === 'NoExecute'))
    out.push({ key: wantNoExecute, effect: 'NoExecute', timeAdded: now });
  const changed = out.length !== current.length || out.some((t, i) => t !== current[i]);
  return { taints: out, changed };
}
