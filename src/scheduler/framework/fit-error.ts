// The message of a pod that fits no node, worded as upstream's FitError.Error():
// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node
// affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for
// scheduling." Reasons are counted per node and sorted as strings.
import type { NodeToStatus } from './interfaces.ts';

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  /** Set when a PreFilter plugin rejected the pod (then per-node reasons are not listed). */
  preFilterMsg: string;
  postFilterMsg: string;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
}

export function fitErrorMessage(
  numAllNodes: number,
  d: Pick<Diagnosis, 'nodeToStatus' | 'preFilterMsg' | 'postFilterMsg'>,
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const reasons = new Map<string, number>();
    for (const s of d.nodeToStatus.map.values())
      for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.map.size;
    if (absent > 0 && d.nodeToStatus.absent)
      for (const r of d.nodeToStatus.absent.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
    const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  // PostFilter messages carry their own final period (e.g. preemption's nested FitError).
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** An error whose message is the FitError text (what ends up in the event and the condition). */
export class FitError extends Error {
  readonly numAllNodes: number;
  readonly diagnosis: Diagnosis;
  constructor(numAllNodes: number, diagnosis: Diagnosis) {
    super();
    this.numAllNodes = numAllNodes;
    this.diagnosis = diagnosis;
  }
  override get message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
  override set message(_v: string) {
    // Computed from the diagnosis.
  }
}
