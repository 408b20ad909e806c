// Label and field selectors as the client takes them: in whatever shape the caller has (a
// selector string `app=web,tier!=db`, a label map meaning equality on each label, a meta/v1
// LabelSelector such as a Deployment's `spec.selector`, or an already parsed machinery Selector),
// turned into the query string sent to the server or into a matcher for cached objects.
// Parsing and matching are machinery's (upstream's semantics and error messages).
import { escapeFieldValue } from '../machinery/fields.ts';
import { type LabelSelector, labelSelectorAsSelector } from '../machinery/label-selector.ts';
import { parseSelector, type Selector, selectorFromSet } from '../machinery/labels.ts';

export type LabelSelectorInput = string | LabelSelector | Readonly<Record<string, string>> | Selector;

/** Anything that can decide whether a label set is selected (a machinery Selector is one). */
export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>> | null | undefined): boolean;
}

function isLabelSelector(v: object): v is LabelSelector {
  return 'matchLabels' in v || 'matchExpressions' in v;
}

/**
 * The machinery Selector for any input shape; a LabelSelector keeps upstream's meaning (an
 * empty one selects everything). Throws LabelSelectorError on an invalid selector.
 * Usage: `toSelector(rs.spec.selector).matches(pod.metadata.labels)`.
 */
export function toSelector(sel: LabelSelectorInput): Selector {
  if (typeof sel === 'string') return parseSelector(sel);
  if ('requirements' in sel && typeof (sel as Selector).matches === 'function') return sel as Selector;
  if (isLabelSelector(sel)) return labelSelectorAsSelector(sel);
  return selectorFromSet(sel as Readonly<Record<string, string>>);
}

/** A matcher; no selector at all matches everything (a lister's `list()`). */
export function labelMatcher(sel: LabelSelectorInput | LabelMatcher | undefined): LabelMatcher {
  if (sel === undefined) return { matches: () => true };
  if (typeof sel === 'object' && 'matches' in sel && typeof sel.matches === 'function')
    return sel as LabelMatcher;
  return toSelector(sel as LabelSelectorInput);
}

/** The `labelSelector` query value. Usage: `labelSelectorQuery({ matchLabels: { app: 'web' } }) === 'app=web'`. */
export function labelSelectorQuery(sel: LabelSelectorInput): string {
  return typeof sel === 'string' ? sel : toSelector(sel).toString();
}

/** The `fieldSelector` query value from a string or a map of equalities. Usage: `fieldSelectorQuery({ 'spec.nodeName': 'n1' })`. */
export function fieldSelectorQuery(sel: string | Readonly<Record<string, string>>): string {
  if (typeof sel === 'string') return sel;
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${escapeFieldValue(v)}`)
    .join(',');
}
