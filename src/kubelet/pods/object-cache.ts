// ConfigMaps, Secrets and Services for the pods of this node, read from informers: one per
// namespace for ConfigMaps and Secrets (started the first time a pod of that namespace needs
// one, as upstream's watch-based manager does), one for all Services (service link variables).
// A change of a ConfigMap or Secret is reported so the pods that use it are synced again and
// their volumes rewritten.
import type { ConfigMap, Secret, Service } from 'kubernetes-types/core/v1.js';
import {
  descriptor,
  type InformerFactory,
  type ObjectLike,
  type SharedInformer,
} from '../../client/index.ts';
import type { PodObjectSource } from './pod-context.ts';
import { serviceEnvironment } from './service-env.ts';

const CONFIGMAPS = descriptor('v1', 'configmaps', true, 'ConfigMap');
const SECRETS = descriptor('v1', 'secrets', true, 'Secret');
const SERVICES = descriptor('v1', 'services', true, 'Service');

export type ObjectKind = 'ConfigMap' | 'Secret';

export class ObjectCache implements PodObjectSource {
  readonly #factory: InformerFactory;
  readonly #onChange: (kind: ObjectKind, namespace: string, name: string) => void;
  readonly #watched = new Map<string, SharedInformer<ObjectLike>>();
  readonly #services: SharedInformer<Service>;

  constructor(
    factory: InformerFactory,
    onChange: (kind: ObjectKind, namespace: string, name: string) => void,
  ) {
    this.#factory = factory;
    this.#onChange = onChange;
    this.#services = factory.informerFor<Service>(SERVICES);
  }

  async #informer(kind: ObjectKind, namespace: string): Promise<SharedInformer<ObjectLike>> {
    const key = `${kind}/${namespace}`;
    let informer = this.#watched.get(key);
    if (!informer) {
      informer = this.#factory.informerFor<ObjectLike>(kind === 'ConfigMap' ? CONFIGMAPS : SECRETS, {
        namespace,
      });
      const changed = (obj: ObjectLike) => this.#onChange(kind, namespace, obj.metadata?.name ?? '');
      informer.addEventHandler({
        onAdd: (obj, initial) => {
          if (!initial) changed(obj);
        },
        onUpdate: (_old, obj) => changed(obj),
        onDelete: (obj) => changed(obj),
      });
      this.#watched.set(key, informer);
    }
    await informer.waitForSync();
    return informer;
  }

  async configMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return (await this.#informer('ConfigMap', namespace)).lister.get(namespace, name) as
      | ConfigMap
      | undefined;
  }

  async secret(namespace: string, name: string): Promise<Secret | undefined> {
    return (await this.#informer('Secret', namespace)).lister.get(namespace, name) as Secret | undefined;
  }

  serviceEnv(namespace: string, enableServiceLinks: boolean): Map<string, string> {
    return serviceEnvironment(this.#services.lister.list(), namespace, enableServiceLinks);
  }
}
