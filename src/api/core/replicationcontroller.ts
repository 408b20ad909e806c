// core/v1 ReplicationController: the original replica keeper, with a map selector that defaults
// from the template's labels, and a /scale subresource.
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../machinery/status.ts';
import { nonNegative, required } from '../internal/field-errors.ts';
import { ensure } from '../internal/loose-json.ts';
import { formatLabels } from '../internal/table.ts';
import {
  replicaSetTable,
  replicasFieldSelector,
  validateReplicaSetStatus,
} from '../internal/workloads/replica-sets.ts';
import { REPLICAS_SCALE, workloadHooks } from '../internal/workloads/strategy-hooks.ts';
import { validateTemplateForReplicas } from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import { defaultPodTemplateSpec } from './pod-spec/defaults.ts';

type RCObject = KubeObject & ReplicationController;

function defaultReplicationController(rc: RCObject): void {
  const spec = ensure(rc, 'spec');
  const labels = spec.template?.metadata?.labels;
  if (labels) {
    if (!spec.selector || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = ensure(rc, 'metadata');
    if (!meta.labels || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultPodTemplateSpec(spec.template);
}

// ValidateReplicationControllerSpec: upstream checks the fields in this order.
function validateSpec(rc: RCObject): FieldError[] {
  const spec = rc.spec ?? {};
  const errs: FieldError[] = [...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  // A plain label map, older than LabelSelector: required, and matched as matchLabels.
  const selector = spec.selector ?? {};
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  if (!spec.template) return [...errs, required('spec.template')];
  errs.push(
    ...validateTemplateForReplicas(
      spec.template,
      { matchLabels: selector },
      'spec.template',
      'ReplicationController',
    ),
  );
  return errs;
}

export const replicationControllerStrategy: ResourceStrategy<RCObject> = {
  group: '',
  kind: 'ReplicationController',
  resource: 'replicationcontrollers',
  singular: 'replicationcontroller',
  namespaced: true,
  defaultPropagationPolicy: 'Orphan',
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['rc'],
  categories: ['all'],
  subresources: {
    status: true,
    // The selector is a label map (not a string): the scale handler formats it.
    scale: REPLICAS_SCALE,
  },

  defaults: defaultReplicationController,
  ...workloadHooks<RCObject>('spec.template'),

  validate: validateSpec,
  validateUpdate: (rc) => validateSpec(rc),
  validateStatusUpdate: (rc) => validateReplicaSetStatus(rc.status),

  selectableFields: replicasFieldSelector,
  table: replicaSetTable<RCObject>(
    {
      desired:
        'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
      current:
        'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
      ready: 'The number of ready replicas for this replication controller.',
      selector:
        'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    },
    (rc) => formatLabels(rc.spec?.selector),
  ),
};
