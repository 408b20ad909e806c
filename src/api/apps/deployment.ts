// apps/v1 Deployment: declarative rollouts over ReplicaSets. Defaults a 25%/25% rolling update,
// keeps ten old ReplicaSets, gives a rollout 600s to progress; its selector is immutable.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { deepEqual } from '../../machinery/json-value.ts';
import { labelSelectorString } from '../../machinery/label-selector.ts';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { workloadTable } from '../core/table-cells.ts';
import { forbidden, invalid, nonNegative, notSupported, required } from '../internal/field-errors.ts';
import { child } from '../internal/field-paths.ts';
import { ensure } from '../internal/loose-json.ts';
import { column } from '../internal/table.ts';
import { REPLICAS_SCALE, workloadHooks } from '../internal/workloads/strategy-hooks.ts';
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
} from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';

type DeploymentObject = KubeObject & Deployment;
const hooks = workloadHooks<DeploymentObject>('spec.template');

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
    scale: REPLICAS_SCALE,
  },

  defaults: defaultDeployment,
  prepareForCreate: hooks.prepareForCreate,
  prepareForUpdate: hooks.prepareForUpdate,
  prepareForStatusUpdate(d, old) {
    hooks.prepareForStatusUpdate(d, old);
    if (d.metadata) d.metadata.labels = old.metadata?.labels;
  },
  // Annotations count too: rollbacks and change-cause records live there.
  generationChanged: (d, old) =>
    !deepEqual(d.spec, old.spec) || !deepEqual(d.metadata?.annotations, old.metadata?.annotations),

  validate: validateDeploymentSpec,
  warnings: hooks.warnings,
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

  table: workloadTable<DeploymentObject>({
    columns: [
      [
        column('Ready', 'Number of the pod with ready state'),
        (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      ],
      [
        column(
          'Up-to-date',
          'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
        ),
        (d) => d.status?.updatedReplicas ?? 0,
      ],
      [
        column(
          'Available',
          'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
        ),
        (d) => d.status?.availableReplicas ?? 0,
      ],
    ],
    containers: (d) => d.spec?.template?.spec?.containers,
    selector: {
      description:
        'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
      cell: (d) => (selectorConverts(d.spec?.selector) ? labelSelectorString(d.spec?.selector) : '<invalid>'),
    },
  }),
};
