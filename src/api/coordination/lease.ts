// coordination.k8s.io/v1 Lease: leader election and node heartbeats. No defaults; durations
// positive, transitions non-negative. The alpha coordinated-leader-election fields (strategy,
// preferredHolder) are dropped on create, as upstream does with the feature gate off.
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { type FieldError, forbidden, invalid } from '../internal/field-errors.ts';
import { noGeneration } from '../internal/generation.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type LeaseSpecAlpha = NonNullable<Lease['spec']> & { strategy?: string; preferredHolder?: string };
type L = Obj<Lease> & { spec?: LeaseSpecAlpha };

function validateLeaseSpec(lease: L): FieldError[] {
  const spec = lease.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (spec.preferredHolder && !spec.strategy) {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

/** Drops the CoordinatedLeaderElection fields unless the stored object already uses them. */
function dropAlphaFields(lease: L, old?: L): void {
  if (!lease.spec) return;
  if (!old?.spec?.strategy) delete lease.spec.strategy;
  if (!old?.spec?.preferredHolder) delete lease.spec.preferredHolder;
}

export const leaseStrategy: ResourceStrategy<L> = {
  group: 'coordination.k8s.io',
  kind: 'Lease',
  resource: 'leases',
  singular: 'lease',
  namespaced: true,
  versions: ['v1'],
  generationChanged: noGeneration,

  prepareForCreate: (lease) => dropAlphaFields(lease),
  prepareForUpdate: (lease, old) => dropAlphaFields(lease, old),

  validate: validateLeaseSpec,
  validateUpdate: validateLeaseSpec,

  table: {
    columns: [
      NAME_COLUMN,
      column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'),
      AGE_COLUMN,
    ],
    row: (lease, now) => [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', age(lease, now)],
  },
};
