// core/v1 Namespace: cluster-scoped, DNS-1123 label names. A namespace always carries the
// `kubernetes` finalizer on create; only the /finalize subresource may change spec.finalizers
// (`prepareForFinalize`, `validateFinalize`), and a DELETE first marks the namespace Terminating
// and removes it only once spec.finalizers are gone (`deletionPending`, `markForDeletion`).
import type { Namespace } from 'kubernetes-types/core/v1.d.ts';
import { type FieldError, invalid } from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { validateFinalizerName } from '../internal/meta.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy, StrategyContext, Verb } from '../strategy.ts';

type Ns = Obj<Namespace>;

/** The label every namespace carries with its own name (`kubernetes.io/metadata.name`). */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';
export const FINALIZER_KUBERNETES = 'kubernetes';

function setNameLabel(ns: Ns): void {
  const name = ns.metadata?.name;
  if (!name) return;
  ns.metadata!.labels = { ...(ns.metadata!.labels ?? {}), [LABEL_METADATA_NAME]: name };
}

function validateFinalizers(ns: Ns, indexed: boolean): FieldError[] {
  const path = 'spec.finalizers';
  // Upstream reports create-time errors at `spec.finalizers` and finalize-time errors per index.
  return (ns.spec?.finalizers ?? []).flatMap((f, i) =>
    validateFinalizerName(f, indexed ? index(path, i) : path),
  );
}

function validatePhase(ns: Ns): FieldError[] {
  const phase = ns.status?.phase ?? '';
  const path = child('status', 'Phase');
  if (!ns.metadata?.deletionTimestamp) {
    return phase === 'Active'
      ? []
      : [invalid(path, phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  }
  return phase === 'Terminating'
    ? []
    : [invalid(path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
}

export interface NamespaceStrategy extends ResourceStrategy<Ns> {
  /** Before validation on PUT /namespaces/{name}/finalize: keeps the old status. */
  prepareForFinalize(obj: Ns, old: Ns, ctx: StrategyContext): void;
  /** Validation of PUT /namespaces/{name}/finalize: spec.finalizers names. */
  validateFinalize(obj: Ns, old: Ns): FieldError[];
}

const VERBS: readonly Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export const namespaceStrategy: NamespaceStrategy = {
  group: '',
  kind: 'Namespace',
  resource: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  versions: ['v1'],
  shortNames: ['ns'],
  verbs: VERBS,
  subresources: { status: true },
  nameRule: 'label',
  generationChanged: noGeneration,

  defaults(ns) {
    setNameLabel(ns);
    // Go's status struct always exists, so the phase is always defaulted.
    if (!ns.status?.phase) ns.status = { ...(ns.status ?? {}), phase: 'Active' };
  },

  prepareForCreate(ns) {
    ns.status = { phase: 'Active' };
    const finalizers = ns.spec?.finalizers ?? [];
    if (!finalizers.includes(FINALIZER_KUBERNETES)) {
      ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers, FINALIZER_KUBERNETES] };
    }
    setNameLabel(ns);
  },

  prepareForUpdate(ns, old) {
    ns.spec = { ...(ns.spec ?? {}) };
    if (old.spec?.finalizers) ns.spec.finalizers = old.spec.finalizers;
    else delete ns.spec.finalizers;
    if (old.status) ns.status = old.status;
    else delete ns.status;
    setNameLabel(ns);
  },

  prepareForStatusUpdate(ns, old) {
    if (old.spec) ns.spec = old.spec;
    else delete ns.spec;
  },

  prepareForFinalize(ns, old) {
    if (old.status) ns.status = old.status;
    else delete ns.status;
  },

  validate: (ns) => validateFinalizers(ns, false),
  validateUpdate: () => [],
  validateStatusUpdate: (ns) => validatePhase(ns),
  validateFinalize: (ns) => validateFinalizers(ns, true),

  // A deleted namespace stays (Terminating) until the namespace controller has emptied it and
  // cleared spec.finalizers through /finalize (upstream's namespace REST delete).
  deletionPending: (ns) => (ns.spec?.finalizers ?? []).length > 0,
  markForDeletion(ns) {
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
  },

  selectableFields: (ns) => ({ 'status.phase': ns.status?.phase ?? '', name: ns.metadata?.name ?? '' }),

  table: {
    columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
    row: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', age(ns, now)],
  },
};
