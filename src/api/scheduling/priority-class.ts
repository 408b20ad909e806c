// scheduling.k8s.io/v1 PriorityClass: cluster-scoped, value and preemptionPolicy fixed after
// create, user values at most one billion; `system-` names are reserved for the two built-in
// classes. (That at most one class is globalDefault is checked by the API server's admission.)
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.d.ts';
import {
  type FieldError,
  forbidden,
  notSupported,
  validateImmutableField,
} from '../internal/field-errors.ts';
import { noGeneration } from '../internal/generation.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type PC = Obj<PriorityClass>;

export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
const SYSTEM_PREFIX = 'system-';
const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'];

/** The built-in classes the API server creates at start (upstream's SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: {
  name: string;
  value: number;
  globalDefault: boolean;
  description: string;
}[] = [
  {
    name: 'system-node-critical',
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    globalDefault: false,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: SYSTEM_CRITICAL_PRIORITY,
    globalDefault: false,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** `IsKnownSystemPriorityClass`: undefined when fine, else upstream's error text. */
function systemClassError(pc: PC): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((s) => s.name === pc.metadata?.name);
  if (!known) return `${pc.metadata?.name ?? ''} is not a known system priority class`;
  if (known.value !== pc.value) return `value of ${known.name} PriorityClass must be ${known.value}`;
  if (known.globalDefault !== (pc.globalDefault ?? false))
    return `globalDefault of ${known.name} PriorityClass must be ${known.globalDefault}`;
  return undefined;
}

function validatePriorityClass(pc: PC): FieldError[] {
  const errs: FieldError[] = [];
  if ((pc.metadata?.name ?? '').startsWith(SYSTEM_PREFIX)) {
    const problem = systemClassError(pc);
    if (problem) {
      errs.push(
        forbidden(
          'metadata.name',
          `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${problem}`,
        ),
      );
    }
  } else if ((pc.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  if (pc.preemptionPolicy !== undefined && !PREEMPTION_POLICIES.includes(pc.preemptionPolicy)) {
    errs.push(notSupported('preemptionPolicy', pc.preemptionPolicy, PREEMPTION_POLICIES));
  }
  return errs;
}

export const priorityClassStrategy: ResourceStrategy<PC> = {
  group: 'scheduling.k8s.io',
  kind: 'PriorityClass',
  resource: 'priorityclasses',
  singular: 'priorityclass',
  namespaced: false,
  versions: ['v1'],
  shortNames: ['pc'],
  generationChanged: noGeneration,

  defaults(pc) {
    pc.preemptionPolicy ??= 'PreemptLowerPriority';
  },

  validate: validatePriorityClass,
  validateUpdate(pc, old) {
    const errs: FieldError[] = [];
    if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
    errs.push(...validateImmutableField(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'));
    return errs;
  },

  table: {
    columns: [
      NAME_COLUMN,
      column('Value', 'value represents the integer value of this priority class.', { type: 'integer' }),
      column(
        'Global-Default',
        'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.',
        { type: 'boolean' },
      ),
      AGE_COLUMN,
      column('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
    ],
    row: (pc, now) => [
      pc.metadata?.name ?? '',
      pc.value ?? 0,
      pc.globalDefault ?? false,
      age(pc, now),
      pc.preemptionPolicy ?? '',
    ],
  },
};
