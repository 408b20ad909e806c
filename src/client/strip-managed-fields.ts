// The one transform informers know by name: an informer that strips managedFields has its watch
// decode events without them (watch.ts), and strips what a list or a fallback decode still holds.
import type { ObjectLike } from './object.ts';

/**
 * Drops `metadata.managedFields` (client-go's TransformStripManagedFields): kube-controller-manager
 * and kube-scheduler cache objects without them, which nothing they do reads; it roughly halves
 * the memory of a pod cache. Writes of such an object keep the stored managedFields (the API
 * server keeps the live ones when a request carries none).
 */
export function stripManagedFields<T extends ObjectLike>(obj: T): T {
  const metadata = obj.metadata as { managedFields?: unknown } | undefined;
  if (metadata?.managedFields !== undefined) delete metadata.managedFields;
  return obj;
}
