// The `root-ca-cert-publisher` controller: ConfigMap `kube-root-ca.crt` in every active
// namespace with the cluster CA (settings.rootCACert), restored when edited or deleted. Without
// a configured CA there is nothing to publish, and the controller idles.
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.d.ts';
import { isAlreadyExists, isNotFound, NAMESPACES, type ResourceDescriptor } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { namespaceIsActive } from '../serviceaccount/desired.ts';
import { ROOT_CA_CONFIG_MAP, rootCAAction } from './desired.ts';

const CONFIG_MAPS: ResourceDescriptor = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
  kind: 'ConfigMap',
};

export const rootCACertPublisher: ControllerDefinition = {
  name: 'root-ca-certificate-publisher',
  enabledByDefault: true,
  async start(ctx) {
    const caCert = ctx.settings.rootCACert;
    if (!caCert) return { stop: async () => {} };
    const selector = { fieldSelector: { 'metadata.name': ROOT_CA_CONFIG_MAP } };
    const namespaces = ctx.informers.informerFor<Namespace>(NAMESPACES);
    const configMaps = ctx.informers.informerFor<ConfigMap>(CONFIG_MAPS, selector);
    const client = ctx.client.resource<ConfigMap>(CONFIG_MAPS);
    return runControllers(ctx, [
      {
        name: 'root-ca-certificate-publisher',
        for: NAMESPACES,
        watches: [
          { resource: CONFIG_MAPS, selector, map: (cm: ConfigMap) => [cm.metadata?.namespace ?? ''] },
        ],
        workers: 2,
        async reconcile(key) {
          if (!namespaceIsActive(namespaces.lister.get(key))) return;
          const step = rootCAAction(key, caCert, configMaps.lister.get(key, ROOT_CA_CONFIG_MAP));
          try {
            if (step.action === 'create') await client.namespace(key).create(step.configMap);
            else if (step.action === 'update') await client.namespace(key).update(step.configMap);
          } catch (e) {
            // A create racing the cache, or an update of one just deleted: the watch brings us back.
            if (isAlreadyExists(e) || isNotFound(e) || isNamespaceTerminating(e)) return;
            throw e;
          }
        },
      },
    ]);
  },
};
