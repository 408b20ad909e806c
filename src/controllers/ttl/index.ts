// The `ttl` controller: annotates every node with `node.alpha.kubernetes.io/ttl`, the time
// kubelets may cache the objects their pods use, from the cluster's size.
import type { Node } from 'kubernetes-types/core/v1.js';
import { Controller, NODES } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { syncErrorReporter } from '../workload-common/errors.ts';
import { nextStep, TTL_ANNOTATION, TTL_BOUNDARIES } from './boundaries.ts';

const COMPONENT = 'ttl-controller';

export const ttlController: ControllerDefinition = {
  name: 'ttl',
  enabledByDefault: true,
  async start(ctx) {
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const api = ctx.client.resource<Node>(NODES);
    let step = 0;
    let count = 0;
    nodes.addEventHandler({
      onAdd: () => {
        count++;
        step = nextStep(step, count);
      },
      onDelete: () => {
        count--;
        step = nextStep(step, count);
      },
    });
    const controller = new Controller(ctx.informers, {
      name: COMPONENT,
      for: NODES,
      workers: 5,
      onError: syncErrorReporter(COMPONENT),
      async reconcile(key) {
        const node = nodes.lister.get(key);
        if (!node) return;
        const desired = String(TTL_BOUNDARIES[step]!.ttlSeconds);
        if (node.metadata?.annotations?.[TTL_ANNOTATION] === desired) return;
        await api.patch(key, 'merge', { metadata: { annotations: { [TTL_ANNOTATION]: desired } } });
      },
    });
    await controller.start();
    return { stop: () => controller.stop() };
  },
};
