// One pass of a namespace's deletion (upstream's namespacedResourcesDeleter.Delete): make sure
// it is marked Terminating, delete every namespaced resource in it (custom resources included,
// found through discovery), record the conditions, and once nothing is left remove the
// `kubernetes` finalizer through /finalize — the API server then deletes the namespace.
import type { Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import { type Client, isNotFound, NAMESPACES, type ObjectLike, PODS } from '../../client/index.ts';
import { type DiscoveredResource, discoverResources, groupResourceString } from '../internal/discovery.ts';
import { errorMessage, isMethodNotSupported } from '../internal/errors.ts';
import { retryOnConflict } from '../internal/retry.ts';
import { metaTime, millisOf } from '../internal/time.ts';
import { type DeletionPass, mergeConditions } from './conditions.ts';
import { deletableNamespacedResources, leftOver, podGracefulEstimate, withoutFinalizer } from './content.ts';

export const FINALIZER_KUBERNETES = 'kubernetes';

export type PassResult = { done: true } | { done: false; estimateSeconds: number };

export class NamespaceDeleter {
  readonly #client: Client;
  readonly #now: () => number;

  constructor(client: Client, now: () => number) {
    this.#client = client;
    this.#now = now;
  }

  /** Runs one pass; throws when something failed (the caller retries with back-off). */
  async delete(name: string): Promise<PassResult> {
    const namespaces = this.#client.resource<Namespace>(NAMESPACES);
    let ns: Namespace;
    try {
      ns = await namespaces.get(name);
    } catch (e) {
      if (isNotFound(e)) return { done: true };
      throw e;
    }
    if (!ns.metadata?.deletionTimestamp) return { done: true };
    if (ns.status?.phase !== 'Terminating') {
      // The API server marks it on delete; make sure (a conflict is retried by the queue).
      try {
        ns = await namespaces.updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
      } catch (e) {
        if (isNotFound(e)) return { done: true };
        throw e;
      }
    }
    if (!(ns.spec?.finalizers ?? []).includes(FINALIZER_KUBERNETES)) return { done: true };

    const { estimate, errors } = await this.#deleteAllContent(ns);
    if (errors.length) throw new Error(errors.join('; '));
    if (estimate > 0) return { done: false, estimateSeconds: estimate };

    await retryOnConflict(async () => {
      let latest: Namespace;
      try {
        latest = await namespaces.get(name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      const finalizers = withoutFinalizer(latest.spec?.finalizers, FINALIZER_KUBERNETES);
      try {
        await namespaces.updateSubresource(name, 'finalize', {
          ...latest,
          spec: { ...latest.spec, finalizers },
        });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    });
    return { done: true };
  }

  async #deleteAllContent(ns: Namespace): Promise<{ estimate: number; errors: string[] }> {
    const name = ns.metadata!.name!;
    const deletedAt = millisOf(ns.metadata?.deletionTimestamp) ?? this.#now();
    const pass: DeletionPass = {
      discoveryFailures: new Map(),
      deleteErrors: [],
      remaining: new Map(),
      finalizersRemaining: new Map(),
    };
    const errors: string[] = [];
    let resources: DiscoveredResource[] = [];
    try {
      const found = await discoverResources(this.#client);
      resources = found.resources;
      pass.discoveryFailures = found.failed;
      if (found.failed.size) errors.push(`unable to retrieve the complete list of server APIs`);
    } catch (e) {
      pass.discoveryFailures.set('', errorMessage(e));
      errors.push(errorMessage(e));
    }
    let estimate = 0;
    for (const r of deletableNamespacedResources(resources)) {
      try {
        const result = await this.#deleteResource(r, name, deletedAt);
        estimate = Math.max(estimate, result.estimate);
        if (result.numRemaining > 0) {
          pass.remaining.set(groupResourceString(r), result.numRemaining);
          for (const [f, n] of result.finalizers)
            pass.finalizersRemaining.set(f, (pass.finalizersRemaining.get(f) ?? 0) + n);
        }
        if (result.error) {
          pass.deleteErrors.push(result.error);
          errors.push(result.error);
        }
      } catch (e) {
        pass.deleteErrors.push(errorMessage(e));
        errors.push(errorMessage(e));
      }
    }
    const merged = mergeConditions(ns.status?.conditions, pass, metaTime(this.#now()));
    if (merged.changed) {
      try {
        await this.#client
          .resource<Namespace>(NAMESPACES)
          .updateStatus({ ...ns, status: { ...ns.status, conditions: merged.conditions } });
      } catch (e) {
        // Best effort, as upstream: the next pass writes them again.
        if (!isNotFound(e))
          console.error(
            `namespace-controller: couldn't update status condition for namespace "${name}": ${errorMessage(e)}`,
          );
      }
    }
    return { estimate, errors };
  }

  async #deleteResource(r: DiscoveredResource, namespace: string, deletedAt: number) {
    const resource = this.#client.resource<ObjectLike>(r).namespace(namespace);
    let estimate = 0;
    if (r.group === '' && r.resource === 'pods') {
      const pods = await this.#client.resource<Pod>(PODS).namespace(namespace).list();
      estimate = podGracefulEstimate(pods.items, deletedAt, this.#now());
    }
    let collectionDone = false;
    if (r.verbs.includes('deletecollection')) {
      try {
        await resource.deleteCollection({ propagationPolicy: 'Background' });
        collectionDone = true;
      } catch (e) {
        if (!isMethodNotSupported(e) && !isNotFound(e)) throw e;
      }
    }
    if (!r.verbs.includes('list'))
      return { numRemaining: 0, finalizers: new Map<string, number>(), estimate };
    if (!collectionDone) {
      for (const item of (await resource.list()).items) {
        try {
          await resource.delete(item.metadata?.name ?? '', { propagationPolicy: 'Background' });
        } catch (e) {
          if (!isNotFound(e) && !isMethodNotSupported(e)) throw e;
        }
      }
    }
    const left = await resource.list();
    return leftOver(left.items, estimate, namespace, r);
  }
}
