// policy/v1 PodDisruptionBudget: minAvailable xor maxUnavailable (non-negative ints or percents up
// to 100%), a label selector, and a status subresource the disruption controller writes.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from '../../machinery/intstr.ts';
import { labelSelectorHasInvalidLabelValue } from '../../machinery/label-selector.ts';
import {
  type FieldError,
  invalid,
  notSupported,
  validateNonnegativeField,
} from '../internal/field-errors.ts';
import { validateConditions, validateLabelSelector } from '../internal/meta.ts';
import { clone } from '../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import { type Obj, writable } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type PDB = Obj<PodDisruptionBudget>;

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

function validateSpec(pdb: PDB, allowInvalidSelector: boolean): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const key of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[key];
    if (v === undefined) continue;
    errs.push(
      ...validatePositiveIntOrPercent(v, `spec.${key}`),
      ...isNotMoreThan100Percent(v, `spec.${key}`),
    );
  }
  errs.push(
    ...validateLabelSelector(spec.selector, 'spec.selector', {
      allowInvalidLabelValueInSelector: allowInvalidSelector,
    }),
  );
  if (
    spec.unhealthyPodEvictionPolicy !== undefined &&
    !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)
  ) {
    errs.push(
      notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES),
    );
  }
  return errs;
}

/** How kubectl shows an int-or-percent (IntOrString.String()). */
const intOrPercent = (v: number | string | undefined) => (v === undefined ? 'N/A' : String(v));

export const podDisruptionBudgetStrategy: ResourceStrategy<PDB> = {
  group: 'policy',
  kind: 'PodDisruptionBudget',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['pdb'],
  subresources: { status: true },

  prepareForCreate(pdb) {
    writable(pdb).status = {} as PDB['status'];
  },
  prepareForUpdate(pdb, old) {
    writable(pdb).status = clone(old.status);
  },
  prepareForStatusUpdate(pdb, old) {
    pdb.spec = clone(old.spec);
  },

  validate: (pdb) => validateSpec(pdb, false),
  validateUpdate: (pdb, old) => validateSpec(pdb, labelSelectorHasInvalidLabelValue(old.spec?.selector)),
  validateStatusUpdate(pdb) {
    const s = pdb.status;
    if (!s) return [];
    return [
      ...validateConditions(s.conditions, 'status.conditions'),
      ...validateNonnegativeField(s.disruptionsAllowed ?? 0, 'status.disruptionsAllowed'),
      ...validateNonnegativeField(s.currentHealthy ?? 0, 'status.currentHealthy'),
      ...validateNonnegativeField(s.desiredHealthy ?? 0, 'status.desiredHealthy'),
      ...validateNonnegativeField(s.expectedPods ?? 0, 'status.expectedPods'),
    ];
  },

  table: {
    columns: [
      NAME_COLUMN,
      column('Min Available', 'The minimum number of pods that must be available.'),
      column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
      column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', {
        type: 'integer',
      }),
      AGE_COLUMN,
    ],
    row: (pdb, now) => [
      pdb.metadata?.name ?? '',
      intOrPercent(pdb.spec?.minAvailable),
      intOrPercent(pdb.spec?.maxUnavailable),
      pdb.status?.disruptionsAllowed ?? 0,
      age(pdb, now),
    ],
  },
};
