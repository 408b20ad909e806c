// TaintToleration: a node's NoSchedule/NoExecute taints keep off pods that do not tolerate
// them (Filter); PreferNoSchedule taints a pod does not tolerate lower the node's score.
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import { Action } from '../../framework/events.ts';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.ts';
import { unresolvable } from '../../framework/status.ts';
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../../framework/taints.ts';
import { defaultNormalizeScore } from '../internal/normalize.ts';

export const NAME = 'TaintToleration';
const PRE_SCORE_KEY = `PreScore${NAME}`;

class PreScoreState implements StateData {
  readonly tolerations: readonly Toleration[];
  constructor(t: readonly Toleration[]) {
    this.tolerations = t;
  }
  clone(): StateData {
    return this;
  }
}

function untolerated(node: Node | undefined, pod: Pod): boolean {
  return findUntoleratedTaint(node?.spec?.taints ?? [], pod.spec?.tolerations) !== undefined;
}

/** How many PreferNoSchedule taints the tolerations leave untolerated. */
function intolerable(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let count = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) count++;
  }
  return count;
}

export function newTaintToleration(): FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (node.taints.length === 0) return null;
      const taint = findUntoleratedTaint(node.taints, pod.pod.spec?.tolerations);
      if (!taint) return null;
      return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    },
    preScore(state, pod) {
      const preferNoSchedule = (pod.pod.spec?.tolerations ?? []).filter(
        (t) => !t.effect || t.effect === 'PreferNoSchedule',
      );
      state.write(PRE_SCORE_KEY, new PreScoreState(preferNoSchedule));
      return null;
    },
    score(state, _pod, node) {
      if (node.taints.length === 0) return 0;
      return intolerable(node.taints, state.read<PreScoreState>(PRE_SCORE_KEY)?.tolerations ?? []);
    },
    scoreNodes(state, _pod, nodes, scores) {
      let tolerations: readonly Toleration[] | undefined;
      for (let n = 0; n < nodes.length; n++) {
        const taints = nodes[n]!.taints;
        if (taints.length === 0) {
          scores[n] = 0;
          continue;
        }
        tolerations ??= state.read<PreScoreState>(PRE_SCORE_KEY)?.tolerations ?? [];
        scores[n] = intolerable(taints, tolerations);
      }
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, true);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actions: Action.Add | Action.UpdateNodeTaint },
        hint: (pod, oldObj, newObj) => {
          const wasUntolerated = oldObj ? untolerated(oldObj as Node, pod) : true;
          return wasUntolerated && !untolerated(newObj as Node, pod) ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'Pod', actions: Action.UpdatePodTolerations },
        hint: (pod, _old, newObj) =>
          (newObj as Pod).metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip',
      },
    ],
  };
}
