// The `serviceaccount` controller: a `default` ServiceAccount in every active namespace, created
// again if deleted. The API server's ServiceAccount admission rejects pods whose account does
// not exist, so a fresh namespace needs this before its first pod.
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.d.ts';
import { isAlreadyExists, NAMESPACES, type ResourceDescriptor } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { DEFAULT_SERVICE_ACCOUNTS, serviceAccountsToCreate } from './desired.ts';

const SERVICE_ACCOUNTS: ResourceDescriptor = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
  namespaced: true,
  kind: 'ServiceAccount',
};

export const serviceAccountController: ControllerDefinition = {
  name: 'serviceaccount',
  enabledByDefault: true,
  async start(ctx) {
    const namespaces = ctx.informers.informerFor<Namespace>(NAMESPACES);
    const accounts = ctx.informers.informerFor<ServiceAccount>(SERVICE_ACCOUNTS);
    const client = ctx.client.resource<ServiceAccount>(SERVICE_ACCOUNTS);
    return runControllers(ctx, [
      {
        name: 'serviceaccount-controller',
        for: NAMESPACES,
        watches: [
          {
            resource: SERVICE_ACCOUNTS,
            map: (sa: ServiceAccount) =>
              DEFAULT_SERVICE_ACCOUNTS.includes(sa.metadata?.name ?? '')
                ? [sa.metadata?.namespace ?? '']
                : [],
          },
        ],
        workers: 2,
        async reconcile(key) {
          const ns = namespaces.lister.get(key);
          const missing = serviceAccountsToCreate(ns, (name) => accounts.lister.get(key, name) !== undefined);
          for (const sa of missing) {
            try {
              await client.namespace(key).create(sa);
            } catch (e) {
              if (isAlreadyExists(e) || isNamespaceTerminating(e)) continue;
              throw e;
            }
          }
        },
      },
    ]);
  },
};
