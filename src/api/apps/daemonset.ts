// apps/v1 DaemonSet: one pod per eligible node. Defaults a rolling update of one node at a time
// (maxUnavailable 1, maxSurge 0). apps/v1 keeps the internal templateGeneration in the
// `deprecated.daemonset.template.generation` annotation, bumped on every template change.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { dropDisabledTemplateFields } from '../core/pod-spec/disabled-fields.ts';
import {
  child,
  deepEqual,
  invalid,
  nonNegative,
  notSupported,
  required,
} from '../core/pod-spec/field-errors.ts';
import {
  formatLabelSelector,
  formatLabels,
  labelSelectorIsEmpty,
  validateLabelSelector,
} from '../core/pod-spec/names.ts';
import { ensure } from '../core/pod-spec/objects.ts';
import { validatePodTemplateSpec } from '../core/pod-spec/validate.ts';
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
  validateAlwaysRestartTemplate,
  validateCollisionCount,
  validateImmutableSelector,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateSelectorMatchesTemplate,
} from './workload-validation.ts';

type DaemonSetObject = KubeObject & DaemonSet;
type Writable = { status?: unknown };
type Obj = Record<string, any>;

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
  const spec: Obj = ensure(ds, 'spec');
  const strategy: Obj = ensure(spec, 'updateStrategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensure(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template);
}

function validateUpdateStrategy(strategy: Obj | undefined, path: string): FieldError[] {
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
  const spec: Obj = ds.spec ?? {};
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
    dropDisabledTemplateFields(ds.spec?.template);
    (ds as Writable).status = {};
    setTemplateGeneration(ds, Math.max(templateGeneration(ds), 1));
  },
  prepareForUpdate(ds, old) {
    dropDisabledTemplateFields(ds.spec?.template, old.spec?.template);
    (ds as Writable).status = old.status;
    // Clients may not set the template generation; it counts template changes.
    const generation = templateGeneration(old);
    setTemplateGeneration(ds, deepEqual(ds.spec?.template, old.spec?.template) ? generation : generation + 1);
  },
  prepareForStatusUpdate(ds, old) {
    ds.spec = old.spec;
  },

  validate: validateDaemonSetSpec,
  warnings: (ds, old) => podTemplateWarnings(ds.spec?.template, 'spec.template', old?.spec?.template),
  validateUpdate: (ds, old) => [
    ...validateImmutableSelector(ds.spec?.selector, old.spec?.selector),
    ...validateDaemonSetSpec(ds),
  ],
  validateStatusUpdate(ds, old) {
    const status: Obj = ds.status ?? {};
    return [
      ...STATUS_COUNTERS.flatMap((field) => nonNegative(status[field], child('status', field))),
      ...validateCollisionCount(status.collisionCount, old.status?.collisionCount),
    ];
  },

  table: {
    columns: [
      NAME_COLUMN,
      column(
        'Desired',
        'integer',
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      ),
      column(
        'Current',
        'integer',
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      ),
      column(
        'Ready',
        'integer',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
      ),
      column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      column(
        'Available',
        'integer',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
      ),
      column(
        'Node Selector',
        'string',
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
      ),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column(
        'Selector',
        'string',
        "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
        1,
      ),
    ],
    row(ds, now) {
      const status = ds.status;
      const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
      return [
        ds.metadata?.name ?? '',
        status?.desiredNumberScheduled ?? 0,
        status?.currentNumberScheduled ?? 0,
        status?.numberReady ?? 0,
        status?.updatedNumberScheduled ?? 0,
        status?.numberAvailable ?? 0,
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        age(ds.metadata?.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(ds.spec?.selector),
      ];
    },
  },
};
