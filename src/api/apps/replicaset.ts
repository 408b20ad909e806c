// apps/v1 ReplicaSet: keeps a number of pods matching its selector running; the Deployment
// controller's building block. Its selector is immutable in apps/v1.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { nonNegative } from '../internal/field-errors.ts';
import { ensure } from '../internal/loose-json.ts';
import { formatLabelSelector } from '../internal/table.ts';
import {
  replicaSetTable,
  replicasFieldSelector,
  validateReplicaSetStatus,
} from '../internal/workloads/replica-sets.ts';
import { REPLICAS_SCALE, workloadHooks } from '../internal/workloads/strategy-hooks.ts';
import {
  type FieldError,
  invalidSelector,
  selectorConverts,
  validateImmutableSelector,
  validateTemplateForReplicas,
  validateWorkloadSelector,
} from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';

type ReplicaSetObject = KubeObject & ReplicaSet;

function validateReplicaSetSpec(rs: ReplicaSetObject): FieldError[] {
  const spec: Record<string, any> = rs.spec ?? {};
  // "deployment" in the message is upstream's own copy-paste, kept for fidelity.
  const errs: FieldError[] = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateWorkloadSelector(spec.selector, 'spec.selector', 'deployment'),
  ];
  if (spec.selector && !selectorConverts(spec.selector))
    errs.push(invalidSelector('spec.selector', spec.selector, 'invalid label selector'));
  else errs.push(...validateTemplateForReplicas(spec.template, spec.selector, 'spec.template', 'ReplicaSet'));
  return errs;
}

export const replicaSetStrategy: ResourceStrategy<ReplicaSetObject> = {
  group: 'apps',
  kind: 'ReplicaSet',
  resource: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['rs'],
  categories: ['all'],
  subresources: {
    status: true,
    scale: REPLICAS_SCALE,
  },

  defaults(rs) {
    const spec = ensure(rs, 'spec');
    spec.replicas ??= 1;
    defaultPodTemplateSpec(spec.template);
  },
  ...workloadHooks<ReplicaSetObject>('spec.template'),

  validate: validateReplicaSetSpec,
  validateUpdate: (rs, old) => [
    ...validateReplicaSetSpec(rs),
    ...validateImmutableSelector(rs.spec?.selector, old.spec?.selector),
  ],
  validateStatusUpdate: (rs) => validateReplicaSetStatus(rs.status),

  selectableFields: replicasFieldSelector,
  table: replicaSetTable<ReplicaSetObject>(
    {
      desired:
        'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
      current:
        'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
      ready: 'The number of ready replicas for this replica set.',
      selector:
        'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    },
    (rs) => formatLabelSelector(rs.spec?.selector),
  ),
};
