// When a node counts as silent (upstream's tryUpdateNodeHealth, pure part): the controller
// remembers when it last heard from each node — a new heartbeat in the Ready condition or a
// renewed Lease in kube-node-lease — and once that is older than the grace period the node's
// Ready, MemoryPressure, DiskPressure and PIDPressure conditions become Unknown.
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.d.ts';
import { millisOf } from '../internal/time.ts';

export const UNKNOWN_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

interface Health {
  readyHeartbeat: string | undefined;
  readyTransition: string | undefined;
  leaseRenew: number | undefined;
  probeMs: number;
}

export interface HealthVerdict {
  /** The Ready condition as the node reported it (a made-up Unknown one when it has none). */
  observedReady: NodeCondition;
  /** The node's Ready condition after this check (undefined: it never posted one and is still in its startup grace). */
  currentReady: NodeCondition | undefined;
  /** The conditions to write when they must change to Unknown. */
  conditionsToWrite?: NodeCondition[];
}

export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** The conditions of a silent node (upstream's NodeStatusUnknown / NodeStatusNeverUpdated). */
export function unknownConditions(
  node: Node,
  now: string,
): { conditions: NodeCondition[]; changed: boolean } {
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of UNKNOWN_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp ?? now,
        lastTransitionTime: now,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = now;
      changed = true;
    }
  }
  return { conditions, changed };
}

export class NodeHealthTracker {
  readonly #graceMs: number;
  readonly #startupGraceMs: number;
  readonly #health = new Map<string, Health>();

  constructor(graceMs: number, startupGraceMs = graceMs * 1.5) {
    this.#graceMs = graceMs;
    this.#startupGraceMs = startupGraceMs;
  }

  /** Checks one node at `nowMs` (with its Lease, if any). */
  check(node: Node, lease: Lease | undefined, nowMs: number, now: string): HealthVerdict {
    const name = node.metadata?.name ?? '';
    const ready = nodeCondition(node, 'Ready');
    const created = millisOf(node.metadata?.creationTimestamp) ?? nowMs;
    const observedReady: NodeCondition = ready
      ? { ...ready }
      : {
          type: 'Ready',
          status: 'Unknown',
          lastHeartbeatTime: node.metadata?.creationTimestamp,
          lastTransitionTime: node.metadata?.creationTimestamp,
        };
    const grace = ready ? this.#graceMs : this.#startupGraceMs;
    let h = this.#health.get(name);
    if (!h) {
      // First sight: a node without status counts from its creation, one with status from now.
      h = {
        readyHeartbeat: ready?.lastHeartbeatTime,
        readyTransition: ready?.lastTransitionTime,
        leaseRenew: undefined,
        probeMs: ready ? nowMs : created,
      };
    } else if (ready && ready.lastHeartbeatTime !== h.readyHeartbeat) {
      h = {
        ...h,
        readyHeartbeat: ready.lastHeartbeatTime,
        readyTransition: ready.lastTransitionTime,
        probeMs: nowMs,
      };
    } else if (!ready && h.readyHeartbeat !== undefined) {
      h = { ...h, readyHeartbeat: undefined, readyTransition: undefined, probeMs: nowMs };
    }
    const renew = millisOf(lease?.spec?.renewTime);
    if (renew !== undefined && (h.leaseRenew === undefined || renew > h.leaseRenew))
      h = { ...h, leaseRenew: renew, probeMs: nowMs };
    this.#health.set(name, h);
    if (nowMs <= h.probeMs + grace) return { observedReady, currentReady: ready };
    const { conditions, changed } = unknownConditions(node, now);
    const currentReady = conditions.find((c) => c.type === 'Ready');
    return changed
      ? { observedReady, currentReady, conditionsToWrite: conditions }
      : { observedReady, currentReady };
  }

  /** After writing Unknown conditions: their new heartbeat fields are ours, not the kubelet's. */
  written(node: Node, conditions: readonly NodeCondition[]): void {
    const name = node.metadata?.name ?? '';
    const h = this.#health.get(name);
    const ready = conditions.find((c) => c.type === 'Ready');
    if (h)
      this.#health.set(name, {
        ...h,
        readyHeartbeat: ready?.lastHeartbeatTime,
        readyTransition: ready?.lastTransitionTime,
      });
  }

  forget(name: string): void {
    this.#health.delete(name);
  }
}
