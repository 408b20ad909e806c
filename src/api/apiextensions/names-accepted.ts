// What upstream's naming and establishing controllers write into a CRD's status, as pure
// functions for whichever loop runs them (the API server, when a CRD is created or changed):
// the accepted names (those that do not clash with other CRDs of the group) and the
// NamesAccepted / Established conditions.
import type {
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
} from 'kubernetes-types/apiextensions/v1.d.ts';
import type { Crd } from './validation.ts';

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function condition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: Date,
): CustomResourceDefinitionCondition {
  return { type, status, reason, message, lastTransitionTime: rfc3339(now) };
}

/** Replaces the condition of the same type, keeping its transition time when the status stays. */
export function setCondition(
  list: CustomResourceDefinitionCondition[],
  c: CustomResourceDefinitionCondition,
): CustomResourceDefinitionCondition[] {
  const old = list.find((x) => x.type === c.type);
  const next = old && old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  return [...list.filter((x) => x.type !== c.type), next];
}

/**
 * `calculateNamesAndConditions`: the names of `crd` that are free among `others` (the other CRDs;
 * only those of the same group matter), and the resulting conditions.
 */
export function acceptNames(
  crd: Crd,
  others: readonly Crd[],
  now: Date,
): { acceptedNames: CustomResourceDefinitionNames; conditions: CustomResourceDefinitionCondition[] } {
  const group = crd.spec?.group;
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const o of others) {
    if (o.spec?.group !== group || o.metadata?.name === crd.metadata?.name) continue;
    const a = o.status?.acceptedNames;
    if (!a) continue;
    for (const r of [a.plural, a.singular ?? '', ...(a.shortNames ?? [])]) resources.add(r);
    kinds.add(a.kind);
    kinds.add(a.listKind ?? '');
  }
  const requested = crd.spec?.names ?? ({} as CustomResourceDefinitionNames);
  const accepted = crd.status?.acceptedNames ?? ({ plural: '', kind: '' } as CustomResourceDefinitionNames);
  const names: CustomResourceDefinitionNames = { ...accepted };
  let conflict: { reason: string; message: string } | undefined;
  const free = (want: string | undefined, have: string | undefined, used: Set<string>) =>
    want === have || !used.has(want ?? '');
  const check = (field: 'plural' | 'singular' | 'kind' | 'listKind', used: Set<string>, reason: string) => {
    if (free(requested[field], accepted[field], used))
      (names as unknown as Record<string, unknown>)[field] = requested[field];
    else conflict = { reason, message: `"${requested[field]}" is already in use` };
  };
  check('plural', resources, 'PluralConflict');
  check('singular', resources, 'SingularConflict');
  const had = new Set(accepted.shortNames ?? []);
  const clashes = (requested.shortNames ?? []).filter((s) => !had.has(s) && resources.has(s));
  if (clashes.length) {
    const messages = clashes.map((s) => `"${s}" is already in use`);
    conflict = {
      reason: 'ShortNamesConflict',
      message: messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`,
    };
  } else if (requested.shortNames) names.shortNames = requested.shortNames;
  check('kind', kinds, 'KindConflict');
  check('listKind', kinds, 'ListKindConflict');
  if (requested.categories) names.categories = requested.categories;

  const namesAccepted = conflict
    ? condition('NamesAccepted', 'False', conflict.reason, conflict.message, now)
    : condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now);
  let established =
    crd.status?.conditions?.find((c) => c.type === 'Established') ??
    condition('Established', 'False', 'NotAccepted', 'not all names are accepted', now);
  if (established.status !== 'True' && !conflict) {
    // Upstream's establishing controller then turns Installing into InitialNamesAccepted; with no
    // discovery to wait for here, the names are served at once.
    established = condition(
      'Established',
      'True',
      'InitialNamesAccepted',
      'the initial names have been accepted',
      now,
    );
  }
  let conditions = crd.status?.conditions ?? [];
  conditions = setCondition(conditions, namesAccepted);
  conditions = setCondition(conditions, established);
  return { acceptedNames: names, conditions };
}
