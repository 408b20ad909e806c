// DefaultPreemption (PostFilter): when a pod fits nowhere, find the node where evicting the
// cheapest set of lower-priority pods makes room, delete those victims, and nominate the node
// (status.nominatedNodeName) so the pod gets it once they are gone.
import type { CycleState } from '../../framework/cycle-state.ts';
import { fitErrorMessage } from '../../framework/fit-error.ts';
import type { Handle, PostFilterPlugin, PostFilterResult } from '../../framework/interfaces.ts';
import { NodeToStatus } from '../../framework/interfaces.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { Code, type Result, Status, unresolvable, unschedulable } from '../../framework/status.ts';
import { argsObject } from '../internal/args.ts';
import {
  dryRunPreemption,
  NOT_HELPFUL,
  nodesWherePreemptionMightHelp,
  numCandidates,
  pickOneNodeForPreemption,
} from './candidates.ts';

export const NAME = 'DefaultPreemption';

export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}

function parseArgs(raw: unknown): DefaultPreemptionArgs {
  const a = argsObject(NAME, raw);
  const pct = (a.minCandidateNodesPercentage as number | undefined) ?? 10;
  const abs = (a.minCandidateNodesAbsolute as number | undefined) ?? 100;
  if (pct < 0 || pct > 100)
    throw new Error(`minCandidateNodesPercentage: Invalid value: ${pct}: not in valid range [0, 100]`);
  if (abs < 0)
    throw new Error(`minCandidateNodesAbsolute: Invalid value: ${abs}: not in valid range [0, inf)`);
  if (pct === 0 && abs === 0)
    throw new Error(
      'minCandidateNodesPercentage, minCandidateNodesAbsolute: Invalid value: both cannot be zero',
    );
  return { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs };
}

export function newDefaultPreemption(
  rawArgs: unknown,
  handle: Handle,
  random: () => number = Math.random,
): PostFilterPlugin {
  const args = parseArgs(rawArgs);
  return {
    name: NAME,
    async postFilter(state, pod, filtered) {
      const r = await preempt(state, pod, filtered);
      const message = r.status?.message();
      if (r.status && message)
        return { ...r, status: new Status(r.status.code, [`preemption: ${message}`], r.status.error) };
      return r;
    },
  };

  async function preempt(
    state: CycleState,
    pod: PodInfo,
    filtered: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status: Result }> {
    {
      // 1. Is the pod allowed to preempt?
      if (pod.pod.spec?.preemptionPolicy === 'Never')
        return { status: unschedulable('not eligible due to preemptionPolicy=Never.') };
      const snapshot = handle.snapshot();
      const nominated = pod.pod.status?.nominatedNodeName;
      if (nominated) {
        const s = filtered.get(nominated);
        if (!s || s.code !== Code.UnschedulableAndUnresolvable) {
          const node = snapshot.get(nominated);
          if (node?.pods.some((p) => p.terminating && p.priority < pod.priority))
            return { status: unschedulable('not eligible due to a terminating pod on the nominated node.') };
        }
      }
      // 2. Find candidates: dry runs on copies, no writes yet.
      const all = snapshot.nodeInfoList;
      const { potential, unresolvableNodes } = nodesWherePreemptionMightHelp(all, filtered);
      const statuses = new NodeToStatus(unresolvable());
      for (const name of unresolvableNodes) statuses.set(name, unresolvable(NOT_HELPFUL));
      const noCandidates = () => {
        const message = fitErrorMessage(all.length, {
          nodeToStatus: statuses,
          preFilterMsg: '',
          postFilterMsg: '',
        });
        return {
          result: { nominatedNodeName: '', mode: 'override' as const },
          status: new Status(Code.Unschedulable, [message]),
        };
      };
      if (potential.length === 0) {
        if (nominated) await handle.writer.clearNominatedNodeName(pod.pod).catch(() => {});
        return noCandidates();
      }
      const pdbs = handle.cluster.podDisruptionBudgets();
      const offset = Math.floor(random() * potential.length);
      const wanted = numCandidates(
        potential.length,
        args.minCandidateNodesPercentage,
        args.minCandidateNodesAbsolute,
      );
      const dry = dryRunPreemption(handle, state, pod, potential, pdbs, offset, wanted);
      for (const [name, s] of dry.statuses) statuses.set(name, s);
      const errors = [...dry.statuses.values()].filter((s) => s.code === Code.Error);
      if (dry.candidates.length === 0 && errors.length)
        return {
          status: new Status(
            Code.Error,
            errors.flatMap((e) => e.reasons),
          ),
        };
      const best = pickOneNodeForPreemption(dry.candidates);
      if (!best) return noCandidates();
      // 3. Evict the victims (or reject them if they wait at Permit), then un-nominate lower-priority pods there.
      try {
        await Promise.all(
          best.victims.map(async (victim) => {
            const waiting = handle.getWaitingPod(victim.uid);
            if (waiting) waiting.reject(NAME, 'preempted');
            else await handle.writer.preemptPod(victim.pod, pod.pod, best.nodeName, handle.profileName);
            handle.writer.event(
              victim.pod,
              'Normal',
              'Preempted',
              'Preempting',
              `Preempted by pod ${pod.uid} on node ${best.nodeName}`,
            );
          }),
        );
      } catch (e) {
        return { status: new Status(Code.Error, [e instanceof Error ? e.message : String(e)], e) };
      }
      for (const other of handle.nominatedPodsForNode(best.nodeName)) {
        if (other.priority < pod.priority && other.uid !== pod.uid)
          await handle.writer.clearNominatedNodeName(other.pod).catch(() => {});
      }
      return { result: { nominatedNodeName: best.nodeName, mode: 'override' }, status: null };
    }
  }
}
