// Mirror pods (upstream's mirror pod manager): each static pod has a copy in the API, marked
// with kubernetes.io/config.mirror and owned by the node, so kubectl sees it. A mirror pod
// whose hash no longer matches its static pod (the manifest changed), or whose static pod is
// gone, is deleted; a missing one is (re)created — also after someone deletes it.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  type Client,
  isAlreadyExists,
  isConflict,
  isNotFound,
  PODS,
  type ResourceClient,
} from '../../client/index.ts';
import { errorText, type Log } from '../internal/log.ts';
import { CONFIG_HASH_ANNOTATION, CONFIG_MIRROR_ANNOTATION, mirrorPodFor } from './static-pod.ts';

export interface MirrorPodOptions {
  client: Client;
  log: Log;
  node: () => Node | undefined;
}

export class MirrorPods {
  readonly #o: MirrorPodOptions;
  readonly #pods: ResourceClient<Pod>;

  constructor(o: MirrorPodOptions) {
    this.#o = o;
    this.#pods = o.client.resource<Pod>(PODS);
  }

  /**
   * Brings the API's mirror pods in line with the static pods. `mirrors` are the mirror pods
   * the informer holds for this node.
   */
  async reconcile(statics: Pod[], mirrors: Pod[]): Promise<void> {
    const byName = new Map(mirrors.map((m) => [`${m.metadata?.namespace}/${m.metadata?.name}`, m]));
    const wanted = new Set<string>();
    for (const pod of statics) {
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      wanted.add(key);
      const mirror = byName.get(key);
      const hash = pod.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];
      if (
        mirror &&
        mirror.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] === hash &&
        !mirror.metadata?.deletionTimestamp
      )
        continue;
      if (mirror) await this.#delete(mirror);
      if (mirror?.metadata?.deletionTimestamp) continue;
      try {
        await this.#pods
          .namespace(pod.metadata?.namespace ?? 'default')
          .create(mirrorPodFor(pod, this.#o.node()));
      } catch (err) {
        if (!isAlreadyExists(err))
          this.#o.log.warn({ pod: key, err: errorText(err) }, 'failed to create mirror pod');
      }
    }
    for (const [key, mirror] of byName)
      if (!wanted.has(key) && !mirror.metadata?.deletionTimestamp) await this.#delete(mirror);
  }

  async #delete(mirror: Pod): Promise<void> {
    try {
      await this.#pods
        .namespace(mirror.metadata?.namespace ?? 'default')
        .delete(mirror.metadata?.name ?? '', {
          gracePeriodSeconds: 0,
          preconditions: { uid: mirror.metadata?.uid },
        });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err))
        this.#o.log.warn({ pod: mirror.metadata?.name, err: errorText(err) }, 'failed to delete mirror pod');
    }
  }
}
