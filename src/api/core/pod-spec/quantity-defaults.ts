// `SetDefaults_ResourceList`: every quantity in a resource list is rounded up to thousandths
// (upstream keeps API compatibility that way instead of rejecting finer values) and, like every
// Quantity upstream serialises, written back in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`).
import { parseJsonQuantity } from '../../internal/json-quantities.ts';

export function defaultResourceList(list: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(list)) {
    const q = parseJsonQuantity(value);
    if (q) list[name] = q.roundUp(-3).quantity.toString();
  }
}
