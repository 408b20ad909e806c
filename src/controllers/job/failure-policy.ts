// How a Job judges its failed pods (pure): what counts as failed (Failed phase, or deleted
// before finishing unless only failed pods are replaced), which podFailurePolicy rule a failed
// pod matches (FailJob, Ignore, Count, FailIndex) with upstream's messages, and the
// restartPolicy OnFailure back-off limit counted in container restarts.
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1.js';
import type { ContainerStatus } from 'kubernetes-types/core/v1.js';
import type { Job, Pod } from '../workload-common/types.ts';

/** `onlyReplaceFailedPods`: podReplacementPolicy Failed, or a podFailurePolicy. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;
}

/** `isPodFailed`. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (job.spec?.podFailurePolicy != null) return pod.status?.phase === 'Failed';
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  // Deleted pods count as failed: orphaned ones may never reach the Failed phase.
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

function matchingContainer(
  statuses: readonly ContainerStatus[] | undefined,
  req: PodFailurePolicyOnExitCodesRequirement,
): ContainerStatus | undefined {
  for (const s of statuses ?? []) {
    const t = s.state?.terminated;
    if (!t) continue;
    if (req.containerName && req.containerName !== s.name) continue;
    if (t.exitCode === 0) continue;
    const inValues = req.values.includes(t.exitCode);
    if ((req.operator === 'In' && inValues) || (req.operator === 'NotIn' && !inValues)) return s;
  }
  return undefined;
}

export interface PolicyMatch {
  /** A FailJob rule matched: the Job fails with this message. */
  failJobMessage?: string;
  /** Whether the failure counts against backoffLimit. */
  countFailed: boolean;
  action?: string;
}

/** What a matched rule's action makes of the failure; undefined for an unknown action (the next rule is tried). */
function ruleOutcome(action: string, failJobMessage: string): PolicyMatch | undefined {
  switch (action) {
    case 'Ignore':
      return { countFailed: false, action: 'Ignore' };
    case 'Count':
      return { countFailed: true, action: 'Count' };
    case 'FailIndex':
      return { countFailed: true, action: 'FailIndex' };
    case 'FailJob':
      return { countFailed: true, action: 'FailJob', failJobMessage };
  }
  return undefined;
}

/** `matchPodFailurePolicy`: the first rule the failed pod matches. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined | null, pod: Pod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = pod.metadata?.namespace;
  const name = pod.metadata?.name;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let message: string;
    if (rule.onExitCodes) {
      const s =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!s) continue;
      message = `Container ${s.name} for pod ${ns}/${name} failed with exit code ${s.state?.terminated?.exitCode} matching FailJob rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const wanted = rule.onPodConditions;
      const cond = (pod.status?.conditions ?? []).find((c) =>
        wanted.some((p) => p.type === c.type && (p.status ?? 'True') === c.status),
      );
      if (!cond) continue;
      message = `Pod ${ns}/${name} has condition ${cond.type} matching FailJob rule at index ${index}`;
    } else continue;
    const outcome = ruleOutcome(rule.action, message);
    if (outcome) return outcome;
  }
  return { countFailed: true };
}

/** `getFailJobMessage`: the message of the first failed pod matching a FailJob rule. */
export function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}

/** `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, container restarts of running pods reach backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) restarts += s.restartCount ?? 0;
    for (const s of p.status?.containerStatuses ?? []) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}
