// apps/v1 ReplicaSet: keeps a number of pods matching its selector running; the Deployment
// controller's building block. Its selector is immutable in apps/v1.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { dropDisabledTemplateFields } from '../core/pod-spec/disabled-fields.ts';
import { nonNegative } from '../core/pod-spec/field-errors.ts';
import { formatLabelSelector } from '../core/pod-spec/names.ts';
import { ensure } from '../core/pod-spec/objects.ts';
import { podTemplateWarnings } from '../core/pod-spec/warnings.ts';
import {
  AGE_COLUMN,
  age,
  CONTAINERS_COLUMN,
  column,
  containerCells,
  IMAGES_COLUMN,
  NAME_COLUMN,
} from '../core/table-cells.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import {
  type FieldError,
  invalidSelector,
  selectorConverts,
  validateImmutableSelector,
  validateReplicaStatus,
  validateTemplateForReplicas,
  validateWorkloadSelector,
} from './workload-validation.ts';

type ReplicaSetObject = KubeObject & ReplicaSet;
type Writable = { status?: unknown };

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
    scale: {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.spec.selector',
    },
  },

  defaults(rs) {
    const spec = ensure(rs, 'spec');
    spec.replicas ??= 1;
    defaultPodTemplateSpec(spec.template);
  },
  prepareForCreate(rs) {
    dropDisabledTemplateFields(rs.spec?.template);
    (rs as Writable).status = {};
  },
  prepareForUpdate(rs, old) {
    dropDisabledTemplateFields(rs.spec?.template, old.spec?.template);
    (rs as Writable).status = old.status;
  },
  prepareForStatusUpdate(rs, old) {
    rs.spec = old.spec;
  },

  validate: validateReplicaSetSpec,
  warnings: (rs, old) => podTemplateWarnings(rs.spec?.template, 'spec.template', old?.spec?.template),
  validateUpdate: (rs, old) => [
    ...validateReplicaSetSpec(rs),
    ...validateImmutableSelector(rs.spec?.selector, old.spec?.selector),
  ],
  validateStatusUpdate: (rs) =>
    validateReplicaStatus(
      rs.status,
      ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
      ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
      'cannot be greater than readyReplicas',
    ),

  selectableFields: (rs) => ({ 'status.replicas': String(rs.status?.replicas ?? 0) }),
  table: {
    columns: [
      NAME_COLUMN,
      column(
        'Desired',
        'integer',
        'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
      ),
      column(
        'Current',
        'integer',
        'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
      ),
      column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column(
        'Selector',
        'string',
        'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
        1,
      ),
    ],
    row(rs, now) {
      const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
      return [
        rs.metadata?.name ?? '',
        rs.spec?.replicas ?? 0,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        age(rs.metadata?.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(rs.spec?.selector),
      ];
    },
  },
};
