// `SetDefaults_ResourceList`: every quantity in a resource list is rounded up to thousandths
// (upstream keeps API compatibility that way instead of rejecting finer values) and, like every
// Quantity upstream serialises, written back in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`).
import { parseJsonQuantity } from '../../internal/json-quantities.ts';

// Every pod write defaults its containers' resources again (updates and status writes too), and
// clusters use few distinct quantities: the canonical text of a string is remembered, a pure
// function of it. Bounded so that odd clients cannot grow it without limit.
const canonicalText = new Map<string, string | null>();
const CANONICAL_TEXT_LIMIT = 4096;

/** The canonical text `value` is written back as; undefined when it is no quantity (left as is). */
function canonicalQuantity(value: unknown): string | undefined {
  if (typeof value !== 'string') return parseJsonQuantity(value)?.roundUp(-3).quantity.toString();
  const known = canonicalText.get(value);
  if (known !== undefined) return known ?? undefined;
  const text = parseJsonQuantity(value)?.roundUp(-3).quantity.toString();
  if (canonicalText.size >= CANONICAL_TEXT_LIMIT) canonicalText.clear();
  canonicalText.set(value, text ?? null);
  return text;
}

export function defaultResourceList(list: Record<string, unknown>): void {
  for (const name of Object.keys(list)) {
    const value = list[name];
    const text = canonicalQuantity(value);
    // Only a changed value is written: a defaulted list may be a frozen, shared one.
    if (text !== undefined && text !== value) list[name] = text;
  }
}
