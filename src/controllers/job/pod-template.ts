// The pods a Job creates (pure): its template plus the `batch.kubernetes.io/job-tracking`
// finalizer (so a finished pod is counted before it can vanish) and, for Indexed Jobs, the
// completion index as annotation and label, the JOB_COMPLETION_INDEX variable read from that
// label through the downward API (as upstream injects it), and the hostname `<job>-<index>`.
import type { Container } from 'kubernetes-types/core/v1.js';
import type { Job, PodTemplateSpec } from '../workload-common/types.ts';
import { JOB_COMPLETION_INDEX_ANNOTATION, JOB_COMPLETION_INDEX_ENV } from './indexes.ts';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

function addIndexEnv(c: Container): void {
  if ((c.env ?? []).some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) return;
  c.env = [
    ...(c.env ?? []),
    {
      name: JOB_COMPLETION_INDEX_ENV,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
    },
  ];
}

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** The template every pod of the Job starts from. */
export function jobPodTemplate(job: Job): PodTemplateSpec {
  const t = structuredClone(job.spec?.template ?? {});
  t.spec ??= { containers: [] };
  if (isIndexedJob(job)) {
    for (const c of t.spec.initContainers ?? []) addIndexEnv(c);
    for (const c of t.spec.containers ?? []) addIndexEnv(c);
  }
  t.metadata ??= {};
  const finalizers = t.metadata.finalizers ?? [];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER))
    t.metadata.finalizers = [...finalizers, JOB_TRACKING_FINALIZER];
  return t;
}

/** The template of the pod for one completion index. */
export function indexedPodTemplate(job: Job, base: PodTemplateSpec, index: number): PodTemplateSpec {
  const t = structuredClone(base);
  t.metadata ??= {};
  t.metadata.annotations = { ...t.metadata.annotations, [JOB_COMPLETION_INDEX_ANNOTATION]: String(index) };
  t.metadata.labels = { ...t.metadata.labels, [JOB_COMPLETION_INDEX_ANNOTATION]: String(index) };
  t.spec!.hostname = `${job.metadata?.name}-${index}`;
  return t;
}

export function hasTrackingFinalizer(pod: { metadata?: { finalizers?: string[] } }): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}
