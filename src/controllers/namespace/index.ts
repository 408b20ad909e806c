// The `namespace` controller: a namespace being deleted is emptied of everything namespaced,
// then released by removing the `kubernetes` finalizer (the API server deletes it then).
// While content remains it checks again after half the estimated wait, as upstream does.
import type { Namespace } from 'kubernetes-types/core/v1.d.ts';
import { NAMESPACES } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { runControllers } from '../internal/run.ts';
import { requeueDelayMs } from './content.ts';
import { NamespaceDeleter } from './deleter.ts';

export const namespaceController: ControllerDefinition = {
  name: 'namespace',
  enabledByDefault: true,
  async start(ctx) {
    const namespaces = ctx.informers.informerFor<Namespace>(NAMESPACES);
    const deleter = new NamespaceDeleter(ctx.client, ctx.settings.now);
    return runControllers(ctx, [
      {
        name: 'namespace-controller',
        for: NAMESPACES,
        workers: 2,
        async reconcile(key) {
          const cached = namespaces.lister.get(key);
          if (!cached?.metadata?.deletionTimestamp) return;
          const result = await deleter.delete(key);
          if (!result.done) return { requeueAfter: requeueDelayMs(result.estimateSeconds) };
        },
      },
    ]);
  },
};
