// What the service account controller wants in a namespace: the `default` ServiceAccount, as
// long as the namespace is active (upstream's serviceaccounts controller with its one default).
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.d.ts';

export const DEFAULT_SERVICE_ACCOUNTS: readonly string[] = ['default'];

/** Whether a namespace may still receive objects (exists, not terminating). */
export function namespaceIsActive(ns: Namespace | undefined): ns is Namespace {
  return ns !== undefined && !ns.metadata?.deletionTimestamp && ns.status?.phase !== 'Terminating';
}

/** The ServiceAccounts to create in `ns`: the wanted ones that do not exist yet. */
export function serviceAccountsToCreate(
  ns: Namespace | undefined,
  exists: (name: string) => boolean,
  wanted: readonly string[] = DEFAULT_SERVICE_ACCOUNTS,
): ServiceAccount[] {
  if (!namespaceIsActive(ns)) return [];
  const namespace = ns.metadata?.name ?? '';
  return wanted
    .filter((name) => !exists(name))
    .map((name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } }));
}
