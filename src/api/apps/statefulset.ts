// apps/v1 StatefulSet: pods with stable identities and their own claims. Only replicas, ordinals,
// the template, the update strategy, the claim retention policy and minReadySeconds may change.
// Like upstream, the pod template's spec is not validated here (its volumes may refer to claim
// templates), only its labels and annotations.
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import { deepEqual } from '../../machinery/json-value.ts';
import {
  defaultEmbeddedObjectMeta,
  defaultPersistentVolumeClaimSpec,
  defaultPodTemplateSpec,
} from '../core/pod-spec/defaults.ts';
import { validatePodSpecificAnnotations } from '../core/pod-spec/validate.ts';
import { workloadTable } from '../core/table-cells.ts';
import { forbidden, invalid, nonNegative, notSupported, required } from '../internal/field-errors.ts';
import { child } from '../internal/field-paths.ts';
import { ensure, type JsonObject } from '../internal/loose-json.ts';
import { validateAnnotations, validateLabels } from '../internal/meta.ts';
import { column } from '../internal/table.ts';
import { REPLICAS_SCALE, workloadHooks } from '../internal/workloads/strategy-hooks.ts';
import {
  type FieldError,
  intOrPercentValue,
  invalidSelector,
  selectorConverts,
  validateAlwaysRestartTemplate,
  validateCollisionCount,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateReplicaStatus,
  validateSelectorMatchesTemplate,
  validateWorkloadSelector,
} from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';

type StatefulSetObject = KubeObject & StatefulSet;
const hooks = workloadHooks<StatefulSetObject>('spec.template');

export function defaultStatefulSet(sts: StatefulSetObject): void {
  const spec: JsonObject = ensure(sts, 'spec');
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy: JsonObject = ensure(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention: JsonObject = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template);
  for (const claim of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (typeof claim !== 'object' || claim === null) continue;
    // Claim templates are served as full PersistentVolumeClaims, defaults included.
    claim.apiVersion ??= 'v1';
    claim.kind ??= 'PersistentVolumeClaim';
    defaultEmbeddedObjectMeta(claim);
    if (typeof claim.spec === 'object' && claim.spec !== null) defaultPersistentVolumeClaimSpec(claim.spec);
    claim.status ??= {};
    claim.status.phase ||= 'Pending';
  }
}

function validateStatefulSetSpec(sts: StatefulSetObject): FieldError[] {
  const spec: JsonObject = sts.spec ?? {};
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy ?? '';
  if (policy === '') errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy: JsonObject = spec.updateStrategy ?? {};
  switch (strategy.type ?? '') {
    case '':
      errs.push(required('spec.updateStrategy'));
      break;
    case 'OnDelete':
      if (strategy.rollingUpdate != null) {
        errs.push(
          invalid(
            'spec.updateStrategy.rollingUpdate',
            strategy.rollingUpdate,
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      }
      break;
    case 'RollingUpdate':
      if (strategy.rollingUpdate != null)
        errs.push(...validateRollingUpdate(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate'));
      break;
    default:
      errs.push(invalid('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention: JsonObject | undefined = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const field of ['whenDeleted', 'whenScaled']) {
      if (retention[field] !== 'Retain' && retention[field] !== 'Delete') {
        errs.push(
          notSupported(child('spec.persistentVolumeClaimRetentionPolicy', field), retention[field] ?? '', [
            'Retain',
            'Delete',
          ]),
        );
      }
    }
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.ordinals) errs.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'));
  errs.push(...validateWorkloadSelector(spec.selector, 'spec.selector', 'statefulset'));
  if (spec.selector && !selectorConverts(spec.selector)) {
    errs.push(invalidSelector('spec.selector', spec.selector, ''));
  } else {
    const template = spec.template ?? {};
    errs.push(...validateSelectorMatchesTemplate(spec.selector, template, 'spec.template.metadata.labels'));
    errs.push(...validateLabels(template.metadata?.labels, 'spec.template.labels'));
    errs.push(...validateAnnotations(template.metadata?.annotations, 'spec.template.annotations'));
    errs.push(
      ...validatePodSpecificAnnotations(
        template.metadata?.annotations,
        template.spec ?? {},
        'spec.template.annotations',
      ),
    );
  }
  errs.push(...validateAlwaysRestartTemplate(spec.template, 'spec.template', 'StatefulSet'));
  return errs;
}

function validateRollingUpdate(ru: JsonObject, path: string): FieldError[] {
  const errs = nonNegative(ru.partition, child(path, 'partition'));
  if (ru.maxUnavailable != null) {
    const muPath = child(path, 'maxUnavailable');
    errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, muPath));
    if (intOrPercentValue(ru.maxUnavailable) === 0)
      errs.push(invalid(muPath, ru.maxUnavailable, 'cannot be 0'));
    errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, muPath));
  }
  return errs;
}

const MUTABLE_SPEC_FIELDS = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function validateStatefulSetUpdate(sts: StatefulSetObject, old: StatefulSetObject): FieldError[] {
  const errs = validateStatefulSetSpec(sts);
  const spec: JsonObject = { ...(sts.spec ?? {}) };
  const oldSpec: JsonObject = { ...(old.spec ?? {}) };
  for (const field of MUTABLE_SPEC_FIELDS) {
    delete spec[field];
    delete oldSpec[field];
  }
  if (!deepEqual(spec, oldSpec)) {
    errs.push(
      forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

/** `rollingUpdate.maxUnavailable` needs MaxUnavailableStatefulSet, alpha (off) in v1.32. */
function dropMaxUnavailable(sts: StatefulSetObject): void {
  const rolling = sts.spec?.updateStrategy?.rollingUpdate as JsonObject | undefined;
  if (rolling) delete rolling.maxUnavailable;
}

export const statefulSetStrategy: ResourceStrategy<StatefulSetObject> = {
  group: 'apps',
  kind: 'StatefulSet',
  resource: 'statefulsets',
  singular: 'statefulset',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['sts'],
  categories: ['all'],
  subresources: {
    status: true,
    scale: REPLICAS_SCALE,
  },
  // Pods are named <statefulset>-<ordinal> and use it as hostname: the name must be a DNS label.
  nameRule: 'label',

  defaults: defaultStatefulSet,
  prepareForCreate(sts) {
    hooks.prepareForCreate(sts);
    dropMaxUnavailable(sts);
  },
  prepareForUpdate(sts, old) {
    hooks.prepareForUpdate(sts, old);
    if (old.spec?.updateStrategy?.rollingUpdate?.maxUnavailable == null) dropMaxUnavailable(sts);
  },
  prepareForStatusUpdate: hooks.prepareForStatusUpdate,

  validate: validateStatefulSetSpec,
  warnings: hooks.warnings,
  validateUpdate: validateStatefulSetUpdate,
  validateStatusUpdate: (sts, old) => [
    ...validateReplicaStatus(
      sts.status,
      [
        'replicas',
        'readyReplicas',
        'currentReplicas',
        'updatedReplicas',
        'availableReplicas',
        'observedGeneration',
        'collisionCount',
      ],
      ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'],
      'cannot be greater than status.readyReplicas',
    ),
    ...validateCollisionCount(sts.status?.collisionCount, old.status?.collisionCount),
  ],

  table: workloadTable<StatefulSetObject>({
    columns: [
      [
        column('Ready', 'Number of the pod with ready state'),
        (sts) => `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      ],
    ],
    containers: (sts) => sts.spec?.template?.spec?.containers,
  }),
};
