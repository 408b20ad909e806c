// The strategy hooks every workload shares (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
// CronJob, ReplicationController), as upstream's workload strategies write them: a create starts
// with an empty status, an update keeps the stored status, a status update keeps the stored
// spec; fields of disabled features are dropped from the pod template, and warnings come from it.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { dropDisabledTemplateFields } from '../../core/pod-spec/disabled-fields.ts';
import { podTemplateWarnings } from '../../core/pod-spec/warnings.ts';
import type { KubeObject, ScaleSubresource } from '../../strategy.ts';

/** A workload as its hooks see it: a spec holding a pod template somewhere, and a status. */
type Workload = KubeObject & { spec?: object; status?: unknown };

export interface WorkloadHooks<T> {
  prepareForCreate(obj: T): void;
  prepareForUpdate(obj: T, old: T): void;
  prepareForStatusUpdate(obj: T, old: T): void;
  warnings(obj: T, old?: T): string[];
}

/**
 * The hooks of a workload whose pod template sits at `templatePath` (`spec.template`, or
 * `spec.jobTemplate.spec.template` for CronJobs). Kinds with more to do call these first.
 */
export function workloadHooks<T extends Workload>(templatePath: string): WorkloadHooks<T> {
  const steps = templatePath.split('.');
  const templateOf = (obj: T): PodTemplateSpec | undefined =>
    steps.reduce<any>((value, step) => value?.[step], obj);
  const writable = (obj: T) => obj as { status?: unknown; spec?: object };
  return {
    prepareForCreate(obj) {
      dropDisabledTemplateFields(templateOf(obj));
      writable(obj).status = {};
    },
    prepareForUpdate(obj, old) {
      dropDisabledTemplateFields(templateOf(obj), templateOf(old));
      writable(obj).status = old.status;
    },
    prepareForStatusUpdate(obj, old) {
      writable(obj).spec = old.spec;
    },
    warnings: (obj, old) => podTemplateWarnings(templateOf(obj), templatePath, old && templateOf(old)),
  };
}

/** The /scale subresource of the kinds that keep `spec.replicas` pods selected by `spec.selector`. */
export const REPLICAS_SCALE: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
};
