// apps/v1 Deployment: declarative rollouts over ReplicaSets. Defaults a 25%/25% rolling update,
// keeps ten old ReplicaSets, gives a rollout 600s to progress; its selector is immutable.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { dropDisabledTemplateFields } from '../core/pod-spec/disabled-fields.ts';
import {
  child,
  deepEqual,
  forbidden,
  invalid,
  nonNegative,
  notSupported,
  required,
} from '../core/pod-spec/field-errors.ts';
import { labelSelectorString } from '../core/pod-spec/names.ts';
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
  intOrPercentValue,
  invalidSelector,
  selectorConverts,
  validateCollisionCount,
  validateImmutableSelector,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateReplicaStatus,
  validateTemplateForReplicas,
  validateWorkloadSelector,
} from './workload-validation.ts';

type DeploymentObject = KubeObject & Deployment;
type Writable = { status?: unknown };

export function defaultDeployment(d: DeploymentObject): void {
  const spec = ensure(d, 'spec');
  spec.replicas ??= 1;
  const strategy = ensure(spec, 'strategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensure(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplateSpec(spec.template);
}

function validateStrategy(strategy: Record<string, any> | undefined, path: string): FieldError[] {
  const s = strategy ?? {};
  switch (s.type) {
    case 'Recreate':
      return s.rollingUpdate != null
        ? [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case 'RollingUpdate': {
      if (s.rollingUpdate == null)
        return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
      const ru = s.rollingUpdate;
      const ruPath = child(path, 'rollingUpdate');
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, child(ruPath, 'maxUnavailable')),
        ...validatePositiveIntOrPercent(ru.maxSurge, child(ruPath, 'maxSurge')),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalid(
            child(ruPath, 'maxUnavailable'),
            ru.maxUnavailable ?? 0,
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      }
      errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, child(ruPath, 'maxUnavailable')));
      return errs;
    }
    default:
      return [notSupported(path, s, ['Recreate', 'RollingUpdate'])];
  }
}

function validateDeploymentSpec(d: DeploymentObject): FieldError[] {
  const spec: Record<string, any> = d.spec ?? {};
  const errs: FieldError[] = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...validateWorkloadSelector(spec.selector, 'spec.selector', 'deployment'),
  ];
  if (spec.selector && !selectorConverts(spec.selector)) {
    errs.push(invalidSelector('spec.selector', spec.selector, 'invalid label selector'));
  } else {
    errs.push(...validateTemplateForReplicas(spec.template, spec.selector, 'spec.template', 'ReplicaSet'));
  }
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds != null) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(
        invalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

export const deploymentStrategy: ResourceStrategy<DeploymentObject> = {
  group: 'apps',
  kind: 'Deployment',
  resource: 'deployments',
  singular: 'deployment',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: {
    status: true,
    // The selector is a LabelSelector object: the scale handler formats it.
    scale: {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.spec.selector',
    },
  },

  defaults: defaultDeployment,
  prepareForCreate(d) {
    dropDisabledTemplateFields(d.spec?.template);
    (d as Writable).status = {};
  },
  prepareForUpdate(d, old) {
    dropDisabledTemplateFields(d.spec?.template, old.spec?.template);
    (d as Writable).status = old.status;
  },
  prepareForStatusUpdate(d, old) {
    d.spec = old.spec;
    if (d.metadata) d.metadata.labels = old.metadata?.labels;
  },
  // Annotations count too: rollbacks and change-cause records live there.
  generationChanged: (d, old) =>
    !deepEqual(d.spec, old.spec) || !deepEqual(d.metadata?.annotations, old.metadata?.annotations),

  validate: validateDeploymentSpec,
  warnings: (d, old) => podTemplateWarnings(d.spec?.template, 'spec.template', old?.spec?.template),
  validateUpdate: (d, old) => [
    ...validateDeploymentSpec(d),
    ...validateImmutableSelector(d.spec?.selector, old.spec?.selector),
  ],
  validateStatusUpdate: (d, old) => [
    ...validateReplicaStatus(
      d.status,
      [
        'observedGeneration',
        'replicas',
        'updatedReplicas',
        'readyReplicas',
        'availableReplicas',
        'unavailableReplicas',
        'collisionCount',
      ],
      ['updatedReplicas', 'readyReplicas', 'availableReplicas'],
      'cannot be greater than readyReplicas',
    ),
    ...validateCollisionCount(d.status?.collisionCount, old.status?.collisionCount),
  ],

  table: {
    columns: [
      NAME_COLUMN,
      column('Ready', 'string', 'Number of the pod with ready state'),
      column(
        'Up-to-date',
        'string',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      column(
        'Available',
        'string',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column(
        'Selector',
        'string',
        'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
        1,
      ),
    ],
    row(d, now) {
      const [names, images] = containerCells(d.spec?.template?.spec?.containers);
      const selector = d.spec?.selector;
      return [
        d.metadata?.name ?? '',
        `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
        d.status?.updatedReplicas ?? 0,
        d.status?.availableReplicas ?? 0,
        age(d.metadata?.creationTimestamp, now),
        names,
        images,
        selectorConverts(selector) ? labelSelectorString(selector) : '<invalid>',
      ];
    },
  },
};
