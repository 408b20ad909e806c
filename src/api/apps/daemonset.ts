// apps/v1 DaemonSet: one pod per eligible node. Defaults a rolling update of one node at a time
// (maxUnavailable 1, maxSurge 0). apps/v1 keeps the internal templateGeneration in the
// `deprecated.daemonset.template.generation` annotation, bumped on every template change.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import { deepEqual } from '../../machinery/json-value.ts';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { validatePodTemplateSpec } from '../core/pod-spec/validate.ts';
import { workloadTable } from '../core/table-cells.ts';
import { invalid, nonNegative, notSupported, required } from '../internal/field-errors.ts';
import { child } from '../internal/field-paths.ts';
import { ensure, type JsonObject } from '../internal/loose-json.ts';
import { labelSelectorIsEmpty, validateLabelSelector } from '../internal/meta.ts';
import { column, formatLabelSelector, formatLabels } from '../internal/table.ts';
import { workloadHooks } from '../internal/workloads/strategy-hooks.ts';
import {
  type FieldError,
  intOrPercentValue,
  invalidSelector,
  selectorConverts,
  validateAlwaysRestartTemplate,
  validateCollisionCount,
  validateImmutableSelector,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateSelectorMatchesTemplate,
} from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';

type DaemonSetObject = KubeObject & DaemonSet;
const hooks = workloadHooks<DaemonSetObject>('spec.template');

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

function templateGeneration(ds: DaemonSetObject): number {
  const value = Number(ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isInteger(value) ? value : 0;
}

function setTemplateGeneration(ds: DaemonSetObject, generation: number): void {
  const meta = ensure(ds, 'metadata');
  meta.annotations = { ...(meta.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(generation) };
}

export function defaultDaemonSet(ds: DaemonSetObject): void {
  const spec: JsonObject = ensure(ds, 'spec');
  const strategy: JsonObject = ensure(spec, 'updateStrategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensure(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template);
}

function validateUpdateStrategy(strategy: JsonObject | undefined, path: string): FieldError[] {
  const s = strategy ?? {};
  if (s.type === 'OnDelete') return [];
  if (s.type !== 'RollingUpdate') return [notSupported(path, s, ['RollingUpdate', 'OnDelete'])];
  if (s.rollingUpdate == null) return [required(child(path, 'rollingUpdate'))];
  const ru = s.rollingUpdate;
  const ruPath = child(path, 'rollingUpdate');
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(ruPath, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(ruPath, 'maxSurge')),
    ...validateNotMoreThan100Percent(ru.maxUnavailable, child(ruPath, 'maxUnavailable')),
    ...validateNotMoreThan100Percent(ru.maxSurge, child(ruPath, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge)
    errs.push(
      invalid(child(ruPath, 'maxSurge'), ru.maxSurge, 'may not be set when maxUnavailable is non-zero'),
    );
  if (!hasUnavailable && !hasSurge)
    errs.push(required(child(ruPath, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateDaemonSetSpec(ds: DaemonSetObject): FieldError[] {
  const spec: JsonObject = ds.spec ?? {};
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  if (selectorConverts(spec.selector)) {
    errs.push(
      ...validateSelectorMatchesTemplate(spec.selector, spec.template, 'spec.template.metadata.labels'),
    );
  }
  if (spec.selector && labelSelectorIsEmpty(spec.selector)) {
    errs.push(invalidSelector('spec.selector', spec.selector, 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template ?? {}, 'spec.template'));
  errs.push(...validateAlwaysRestartTemplate(spec.template, 'spec.template', 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(templateGeneration(ds), 'spec.templateGeneration'));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

const STATUS_COUNTERS = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'observedGeneration',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
  'collisionCount',
];

export const daemonSetStrategy: ResourceStrategy<DaemonSetObject> = {
  group: 'apps',
  kind: 'DaemonSet',
  resource: 'daemonsets',
  singular: 'daemonset',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['ds'],
  categories: ['all'],
  subresources: { status: true },

  defaults: defaultDaemonSet,
  prepareForCreate(ds) {
    hooks.prepareForCreate(ds);
    setTemplateGeneration(ds, Math.max(templateGeneration(ds), 1));
  },
  prepareForUpdate(ds, old) {
    hooks.prepareForUpdate(ds, old);
    // Clients may not set the template generation; it counts template changes.
    const generation = templateGeneration(old);
    setTemplateGeneration(ds, deepEqual(ds.spec?.template, old.spec?.template) ? generation : generation + 1);
  },
  prepareForStatusUpdate: hooks.prepareForStatusUpdate,

  validate: validateDaemonSetSpec,
  warnings: hooks.warnings,
  validateUpdate: (ds, old) => [
    ...validateImmutableSelector(ds.spec?.selector, old.spec?.selector),
    ...validateDaemonSetSpec(ds),
  ],
  validateStatusUpdate(ds, old) {
    const status: JsonObject = ds.status ?? {};
    return [
      ...STATUS_COUNTERS.flatMap((field) => nonNegative(status[field], child('status', field))),
      ...validateCollisionCount(status.collisionCount, old.status?.collisionCount),
    ];
  },

  table: workloadTable<DaemonSetObject>({
    columns: [
      [
        column(
          'Desired',
          'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
          { type: 'integer' },
        ),
        (ds) => ds.status?.desiredNumberScheduled ?? 0,
      ],
      [
        column(
          'Current',
          'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
          { type: 'integer' },
        ),
        (ds) => ds.status?.currentNumberScheduled ?? 0,
      ],
      [
        column(
          'Ready',
          'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
          { type: 'integer' },
        ),
        (ds) => ds.status?.numberReady ?? 0,
      ],
      [
        column('Up-to-date', 'The total number of nodes that are running updated daemon pod', {
          type: 'integer',
        }),
        (ds) => ds.status?.updatedNumberScheduled ?? 0,
      ],
      [
        column(
          'Available',
          'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
          { type: 'integer' },
        ),
        (ds) => ds.status?.numberAvailable ?? 0,
      ],
      [
        column(
          'Node Selector',
          "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
        ),
        (ds) => formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ],
    ],
    containers: (ds) => ds.spec?.template?.spec?.containers,
    selector: {
      description:
        "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
      cell: (ds) => formatLabelSelector(ds.spec?.selector),
    },
  }),
};
