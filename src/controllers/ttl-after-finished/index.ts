// The `ttl-after-finished` controller: deletes finished Jobs (and, through the garbage
// collector's foreground deletion, their pods) ttlSecondsAfterFinished after they finished.
// Before deleting it reads the Job fresh, in case its TTL changed, and deletes with a uid
// precondition so a re-created Job of the same name is never hit.
import { Controller, isNotFound, splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { JOBS } from '../workload-common/descriptors.ts';
import { syncErrorReporter } from '../workload-common/errors.ts';
import type { Job } from '../workload-common/types.ts';
import { timeLeft } from './expiry.ts';

const COMPONENT = 'ttl-after-finished-controller';

export const ttlAfterFinishedController: ControllerDefinition = {
  name: 'ttl-after-finished',
  enabledByDefault: true,
  async start(ctx) {
    const jobs = ctx.informers.informerFor<Job>(JOBS);
    const api = ctx.client.resource<Job>(JOBS);
    const controller = new Controller(ctx.informers, {
      name: COMPONENT,
      for: JOBS,
      workers: 5,
      onError: syncErrorReporter(COMPONENT),
      async reconcile(key) {
        const { namespace, name } = splitKey(key);
        const cached = jobs.lister.get(namespace, name);
        if (!cached || cached.metadata?.deletionTimestamp) return;
        const left = timeLeft(cached, ctx.settings.now());
        if (left === undefined) return;
        if (left > 0) return { requeueAfter: left };
        let fresh: Job;
        try {
          fresh = await api.namespace(namespace).get(name);
        } catch (e) {
          if (isNotFound(e)) return;
          throw e;
        }
        const freshLeft = timeLeft(fresh, ctx.settings.now());
        if (freshLeft === undefined) return;
        if (freshLeft > 0) return { requeueAfter: freshLeft };
        try {
          await api.namespace(namespace).delete(name, {
            propagationPolicy: 'Foreground',
            preconditions: { uid: fresh.metadata?.uid ?? '' },
          });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        return;
      },
    });
    await controller.start();
    return { stop: () => controller.stop() };
  },
};
