// core/v1 ReplicationController: the original replica keeper, with a map selector that defaults
// from the template's labels, and a /scale subresource.
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../machinery/status.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import { defaultPodTemplateSpec } from './pod-spec/defaults.ts';
import { dropDisabledTemplateFields } from './pod-spec/disabled-fields.ts';
import { child, forbidden, invalid, nonNegative, notSupported, required } from './pod-spec/field-errors.ts';
import { formatLabels, labelSelectorMatches } from './pod-spec/names.ts';
import { ensure } from './pod-spec/objects.ts';
import { validatePodTemplateSpec } from './pod-spec/validate.ts';
import { podTemplateWarnings } from './pod-spec/warnings.ts';
import {
  AGE_COLUMN,
  age,
  CONTAINERS_COLUMN,
  column,
  containerCells,
  IMAGES_COLUMN,
  NAME_COLUMN,
} from './table-cells.ts';

type RCObject = KubeObject & ReplicationController;
type Writable = { status?: unknown };

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

function validateSpec(rc: RCObject): FieldError[] {
  const spec = rc.spec ?? {};
  const path = 'spec';
  const errs: FieldError[] = [...nonNegative(spec.minReadySeconds, child(path, 'minReadySeconds'))];
  const selector = spec.selector ?? {};
  if (Object.keys(selector).length === 0) errs.push(required(child(path, 'selector')));
  errs.push(...nonNegative(spec.replicas, child(path, 'replicas')));
  const templatePath = child(path, 'template');
  const template = spec.template;
  if (!template) {
    errs.push(required(templatePath));
    return errs;
  }
  if (
    Object.keys(selector).length > 0 &&
    !labelSelectorMatches({ matchLabels: selector }, template.metadata?.labels)
  ) {
    errs.push(
      invalid(
        child(templatePath, 'metadata', 'labels'),
        template.metadata?.labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, templatePath));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== 'Always')
    errs.push(notSupported(child(templatePath, 'spec', 'restartPolicy'), restartPolicy ?? '', ['Always']));
  if (template.spec?.activeDeadlineSeconds != null) {
    errs.push(
      forbidden(
        child(templatePath, 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
  return errs;
}

/** Status counters, shared in shape with ReplicaSets. */
export function validateReplicaCountsStatus(status: Record<string, any> | undefined): FieldError[] {
  const s = status ?? {};
  const path = 'status';
  const errs: FieldError[] = [];
  for (const field of [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ]) {
    errs.push(...nonNegative(s[field], child(path, field)));
  }
  const replicas = s.replicas ?? 0;
  const msg = 'cannot be greater than status.replicas';
  for (const field of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) {
    if ((s[field] ?? 0) > replicas) errs.push(invalid(child(path, field), s[field], msg));
  }
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0)) {
    errs.push(
      invalid(child(path, 'availableReplicas'), s.availableReplicas, 'cannot be greater than readyReplicas'),
    );
  }
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
    scale: {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.spec.selector',
    },
  },

  defaults: defaultReplicationController,
  prepareForCreate(rc) {
    dropDisabledTemplateFields(rc.spec?.template);
    (rc as Writable).status = {};
  },
  prepareForUpdate(rc, old) {
    dropDisabledTemplateFields(rc.spec?.template, old.spec?.template);
    (rc as Writable).status = old.status;
  },
  prepareForStatusUpdate(rc, old) {
    rc.spec = old.spec;
  },

  validate: validateSpec,
  validateUpdate: (rc) => validateSpec(rc),
  validateStatusUpdate: (rc) => validateReplicaCountsStatus(rc.status),
  warnings: (rc, old) => podTemplateWarnings(rc.spec?.template, 'spec.template', old?.spec?.template),

  selectableFields: (rc) => ({ 'status.replicas': String(rc.status?.replicas ?? 0) }),
  table: {
    columns: [
      NAME_COLUMN,
      column(
        'Desired',
        'integer',
        'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
      ),
      column(
        'Current',
        'integer',
        'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
      ),
      column('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column(
        'Selector',
        'string',
        'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
        1,
      ),
    ],
    row(rc, now) {
      const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
      return [
        rc.metadata?.name ?? '',
        rc.spec?.replicas ?? 0,
        rc.status?.replicas ?? 0,
        rc.status?.readyReplicas ?? 0,
        age(rc.metadata?.creationTimestamp, now),
        names,
        images,
        formatLabels(rc.spec?.selector),
      ];
    },
  },
};
