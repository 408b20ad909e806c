// Label maps (`metadata.labels`) as sets: the `k=v,k2=v2` form kubectl prints, conflict/merge/
// equality checks used by controllers, and upstream's ConvertSelectorToLabelsMap for the
// `k=v,...` strings some flags and annotations carry.

import { LabelSelectorError, type Labels } from './labels.ts';
import { aggregateFieldErrors } from './status.ts';
import { isQualifiedName, isValidLabelValue } from './validation/names.ts';

/** `k1=v1,k2=v2`, sorted (upstream's Set.String). */
export function labelsToString(labels: Labels | null | undefined): string {
  if (!labels) return '';
  return Object.keys(labels)
    .map((k) => `${k}=${labels[k]}`)
    .sort()
    .join(',');
}

/** For kubectl-style columns: the labels, or `<none>`. */
export function formatLabels(labels: Labels | null | undefined): string {
  return labelsToString(labels) || '<none>';
}

/** True when a key is present in both with different values. */
export function labelsConflict(a: Labels, b: Labels): boolean {
  for (const k of Object.keys(a)) if (typeof b[k] === 'string' && b[k] !== a[k]) return true;
  return false;
}

export function mergeLabels(
  a: Labels | null | undefined,
  b: Labels | null | undefined,
): Record<string, string> {
  return { ...a, ...b };
}

export function labelsEqual(a: Labels | null | undefined, b: Labels | null | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b?.[k] === a![k]);
}

/** Parses `k=v,k2=v2` into a map (upstream's ConvertSelectorToLabelsMap); throws LabelSelectorError. */
export function convertSelectorToLabelsMap(selector: string, path?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (selector === '') return out;
  for (const term of selector.split(',')) {
    const parts = term.split('=');
    if (parts.length !== 2) throw new LabelSelectorError(`invalid selector: [${parts.join(' ')}]`);
    const key = parts[0]!.trim();
    const keyMsgs = isQualifiedName(key);
    if (keyMsgs.length) {
      throw new LabelSelectorError(
        aggregateFieldErrors([
          { type: 'FieldValueInvalid', field: path ?? '<nil>', value: key, detail: keyMsgs.join('; ') },
        ]),
      );
    }
    const value = parts[1]!.trim();
    const msgs = isValidLabelValue(value);
    if (msgs.length) {
      throw new LabelSelectorError(
        aggregateFieldErrors([
          { type: 'FieldValueInvalid', field: `${path ?? ''}[${key}]`, value, detail: msgs.join('; ') },
        ]),
      );
    }
    out[key] = value;
  }
  return out;
}
