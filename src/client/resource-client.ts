// The verbs on one resource, as client-go's dynamic client (`Resource(gvr).Namespace(ns)`):
// get, list, watch, create, update, updateStatus, patch/apply, delete, deleteCollection and
// subresources (status, scale, binding, eviction, log, ...). URLs follow the API's layout:
// /api/v1/... for the core group, /apis/<group>/<version>/... for the others.
import type { Status } from '../machinery/status.ts';
import type { Client, RequestOptions } from './client.ts';
import type { ObjectLike, ObjectList } from './object.ts';
import {
  type Cancellable,
  type DeleteOptions,
  deleteBody,
  type GetOptions,
  type ListOptions,
  listQuery,
  PATCH_CONTENT_TYPES,
  type PatchOptions,
  type PatchType,
  queryString,
  type WatchOptions,
  type WriteOptions,
  writeQuery,
} from './options.ts';
import { apiVersionOf, type ResourceDescriptor, resourceUrlPath } from './resource.ts';
import { Watch } from './watch.ts';

/** Options of a pod's log read (`pods/log`). */
export interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

/** autoscaling/v1 Scale, as served by every `/scale` subresource. */
export interface Scale extends ObjectLike {
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

/**
 * What the `...ForMetadata` writes return: the written object's metadata fields whose values are
 * strings or numbers (labels, annotations, ownerReferences and managedFields are left out).
 */
export interface WrittenMetadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  [field: string]: string | number | undefined;
}

function signalOf(o: Cancellable): { signal?: AbortSignal } {
  return o.signal ? { signal: o.signal } : {};
}

/** Verbs on one resource, optionally bound to a namespace. Obtain one with `client.resource(descriptor)`. */
export class ResourceClient<T extends ObjectLike> {
  readonly client: Client;
  readonly descriptor: ResourceDescriptor;
  readonly boundNamespace: string | undefined;

  constructor(client: Client, descriptor: ResourceDescriptor, namespace?: string) {
    this.client = client;
    this.descriptor = descriptor;
    this.boundNamespace = descriptor.namespaced ? namespace : undefined;
  }

  /** The same verbs inside one namespace. Usage: `pods.namespace('kube-system').list()`. */
  namespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>(this.client, this.descriptor, namespace);
  }

  /** Reads one object. Usage: `await pods.namespace('ns').get('web-0')`. */
  get(name: string, o: GetOptions = {}): Promise<T> {
    return this.client.requestJson<T>('GET', this.#objectPath(name), {
      query: queryString({ resourceVersion: o.resourceVersion }),
      ...signalOf(o),
    });
  }

  /** Lists one page (all of them when `limit` is unset). Usage: `await pods.list({ labelSelector: 'app=web' })`. */
  list(o: ListOptions = {}): Promise<ObjectList<T>> {
    return this.client.requestJson<ObjectList<T>>('GET', this.#collectionPath(), {
      query: queryString(listQuery(o)),
      ...signalOf(o),
    });
  }

  /**
   * Lists every page by following `continue` tokens; the result carries the first page's
   * resourceVersion (the snapshot all pages were read at). Usage: `await pods.listAll({ limit: 500 })`.
   */
  async listAll(o: ListOptions = {}): Promise<ObjectList<T>> {
    const first = await this.list(o);
    const items = first.items ?? [];
    let page = first;
    while (page.metadata?.continue) {
      page = await this.list({
        ...o,
        continue: page.metadata.continue,
        resourceVersion: undefined,
        resourceVersionMatch: undefined,
      });
      for (const item of page.items ?? []) items.push(item);
    }
    return { ...first, metadata: { resourceVersion: first.metadata?.resourceVersion ?? '' }, items };
  }

  /**
   * Opens a watch; HTTP errors (e.g. 410 for a too-old resourceVersion) throw here, later
   * failures arrive as ERROR events. Usage: `for await (const ev of await pods.watch({ resourceVersion })) ...`.
   */
  async watch(o: WatchOptions = {}): Promise<Watch<T>> {
    const abort = new AbortController();
    const parent = o.signal;
    if (parent?.aborted) abort.abort(parent.reason);
    else if (parent) {
      // Follow the caller's signal while the watch lives; forget it once the watch ends.
      const follow = () => abort.abort(parent.reason);
      parent.addEventListener('abort', follow, { once: true });
      abort.signal.addEventListener('abort', () => parent.removeEventListener('abort', follow), {
        once: true,
      });
    }
    const query = queryString({ watch: true, ...listQuery(o) });
    try {
      const body = await this.client.requestStream('GET', this.#collectionPath(), {
        query,
        signal: abort.signal,
      });
      return new Watch<T>(body, abort, { omitManagedFields: o.omitManagedFields ?? false });
    } catch (e) {
      abort.abort();
      throw e;
    }
  }

  /** Creates an object; namespace from the binding or `metadata.namespace`. Usage: `await pods.create(pod)`. */
  create(obj: T, o: WriteOptions = {}): Promise<T> {
    return this.client.requestJson<T>('POST', this.#collectionPath(this.#namespaceOf(obj)), {
      query: queryString(writeQuery(o, this.client.fieldManager)),
      body: this.#withTypeMeta(obj),
      ...signalOf(o),
    });
  }

  /**
   * Creates an object and returns only its metadata's scalar fields (e.g. the name the server
   * generated), read from the answer without parsing the whole object: for writers that create
   * many objects and need no more. Usage: `(await pods.createForMetadata(pod)).name`.
   */
  async createForMetadata(obj: T, o: WriteOptions = {}): Promise<WrittenMetadata> {
    const answer = await this.client.requestJson<{ metadata: WrittenMetadata }>(
      'POST',
      this.#collectionPath(this.#namespaceOf(obj)),
      {
        query: queryString(writeQuery(o, this.client.fieldManager)),
        body: this.#withTypeMeta(obj),
        ...signalOf(o),
        answer: 'metadata',
      },
    );
    return answer.metadata;
  }

  /** Creates an object without reading the answer (client-go callers that drop the result); errors as create's. */
  async createOnly(obj: T, o: WriteOptions = {}): Promise<void> {
    await this.client.requestJson<undefined>('POST', this.#collectionPath(this.#namespaceOf(obj)), {
      query: queryString(writeQuery(o, this.client.fieldManager)),
      body: this.#withTypeMeta(obj),
      ...signalOf(o),
      answer: 'none',
    });
  }

  /** Replaces an object (optimistic concurrency on `metadata.resourceVersion`). */
  update(obj: T, o: WriteOptions = {}): Promise<T> {
    return this.#put(obj, undefined, o);
  }

  /**
   * Replaces an object and returns only its new metadata's scalar fields (resourceVersion, ...),
   * as createForMetadata. Usage: `lease.metadata.resourceVersion = (await leases.updateForMetadata(lease)).resourceVersion`.
   */
  async updateForMetadata(obj: T, o: WriteOptions = {}): Promise<WrittenMetadata> {
    return (await this.#put<{ metadata: WrittenMetadata }>(obj, undefined, o, 'metadata')).metadata;
  }

  /** Replaces an object's status through the `/status` subresource. */
  updateStatus(obj: T, o: WriteOptions = {}): Promise<T> {
    return this.#put(obj, 'status', o);
  }

  /**
   * Patches an object (or a subresource with `o.subresource`). `patch` is the JSON value for
   * json/merge/strategic patches, or the applied configuration for `apply`.
   * Usage: `await nodes.patch('n1', 'merge', { spec: { unschedulable: true } })`.
   */
  patch(name: string, type: PatchType, patch: unknown, o: PatchOptions = {}): Promise<T> {
    const query = writeQuery(type === 'apply' ? o : { ...o, force: undefined }, this.client.fieldManager);
    return this.client.requestJson<T>('PATCH', this.#objectPath(name, o.subresource), {
      query: queryString(query),
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      ...signalOf(o),
    });
  }

  /** A patch without reading the answer (the caller needs only the outcome); errors as patch's. */
  async patchOnly(name: string, type: PatchType, patch: unknown, o: PatchOptions = {}): Promise<void> {
    const query = writeQuery(type === 'apply' ? o : { ...o, force: undefined }, this.client.fieldManager);
    await this.client.requestJson<undefined>('PATCH', this.#objectPath(name, o.subresource), {
      query: queryString(query),
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      ...signalOf(o),
      answer: 'none',
    });
  }

  /** Server-side apply of a (partial) object; creates it when absent. Usage: `await cms.apply(cm, { force: true })`. */
  apply(obj: T, o: PatchOptions = {}): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new Error('apply needs metadata.name');
    const target =
      this.boundNamespace || !obj.metadata?.namespace ? this : this.namespace(obj.metadata.namespace);
    return target.patch(name, 'apply', this.#withTypeMeta(obj), o);
  }

  /** Server-side apply to the `/status` subresource. */
  applyStatus(obj: T, o: PatchOptions = {}): Promise<T> {
    return this.apply(obj, { ...o, subresource: 'status' });
  }

  /**
   * Deletes an object. The answer is the object itself while finalizers or a grace period keep
   * it (it now has a deletionTimestamp), or a Success Status once it is gone.
   * Usage: `await pods.namespace('ns').delete('p', { gracePeriodSeconds: 0 })`.
   */
  delete(name: string, o: DeleteOptions = {}): Promise<T | Status> {
    return this.client.requestJson<T | Status>('DELETE', this.#objectPath(name), {
      body: deleteBody(o),
      ...signalOf(o),
    });
  }

  /**
   * Deletes an object without parsing the answer (client-go's Delete, which returns only the
   * error): for controllers deleting many objects. Errors are thrown as by `delete`.
   */
  async deleteOnly(name: string, o: DeleteOptions = {}): Promise<void> {
    await this.client.requestJson<undefined>('DELETE', this.#objectPath(name), {
      body: deleteBody(o),
      ...signalOf(o),
      answer: 'none',
    });
  }

  /** Deletes every object the selectors match in the namespace. Usage: `await pods.namespace('ns').deleteCollection({ labelSelector: 'app=x' })`. */
  deleteCollection(o: ListOptions & DeleteOptions = {}): Promise<ObjectList<T> | Status> {
    return this.client.requestJson('DELETE', this.#collectionPath(), {
      query: queryString(listQuery(o)),
      body: deleteBody(o),
      ...signalOf(o),
    });
  }

  /** GET on a subresource. Usage: `await deployments.namespace('ns').getSubresource<Scale>('web', 'scale')`. */
  getSubresource<R>(name: string, subresource: string): Promise<R> {
    return this.client.requestJson<R>('GET', this.#objectPath(name, subresource));
  }

  /** POST to a subresource (binding, eviction, token, ...). */
  createSubresource<R>(name: string, subresource: string, body: unknown, o: WriteOptions = {}): Promise<R> {
    return this.client.requestJson<R>('POST', this.#objectPath(name, subresource), {
      query: queryString(writeQuery(o, this.client.fieldManager)),
      body,
    });
  }

  /** PUT to a subresource (scale, status, finalize, approval, ...). */
  updateSubresource<R>(name: string, subresource: string, body: unknown, o: WriteOptions = {}): Promise<R> {
    return this.client.requestJson<R>('PUT', this.#objectPath(name, subresource), {
      query: queryString(writeQuery(o, this.client.fieldManager)),
      body,
    });
  }

  /** Reads the `/scale` subresource. */
  getScale(name: string): Promise<Scale> {
    return this.getSubresource<Scale>(name, 'scale');
  }

  /** Sets the replica count through `/scale` (merge patch, as `kubectl scale`). */
  scale(name: string, replicas: number, o: WriteOptions = {}): Promise<Scale> {
    return this.client.requestJson<Scale>('PATCH', this.#objectPath(name, 'scale'), {
      query: queryString(writeQuery(o, this.client.fieldManager)),
      body: { spec: { replicas } },
      contentType: PATCH_CONTENT_TYPES.merge,
    });
  }

  /**
   * Binds a pod to a node (`pods/binding`), as the scheduler does; `uid` guards against binding
   * a re-created pod of the same name. Usage: `await pods.namespace(ns).bind(name, 'node-1', pod.metadata.uid)`.
   */
  bind(name: string, nodeName: string, uid?: string, o: WriteOptions = {}): Promise<Status> {
    const metadata: Record<string, string> = { name, namespace: this.#requireNamespace() ?? '' };
    if (uid) metadata.uid = uid;
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata,
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    return this.createSubresource<Status>(name, 'binding', binding, o);
  }

  /** Evicts a pod through `pods/eviction` (policy/v1), honouring PodDisruptionBudgets; 429 when a budget forbids it. */
  evict(name: string, deleteOptions?: DeleteOptions): Promise<Status> {
    const namespace = this.#requireNamespace() ?? '';
    const eviction: Record<string, unknown> = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace },
    };
    if (deleteOptions) eviction.deleteOptions = deleteBody(deleteOptions);
    return this.createSubresource<Status>(name, 'eviction', eviction);
  }

  /** A pod's log as text. Usage: `await pods.namespace(ns).logs('p', { container: 'app', tailLines: 10 })`. */
  async logs(name: string, o: LogOptions = {}): Promise<string> {
    const res = await this.logStream(name, { ...o, follow: false });
    return res.text();
  }

  /** A pod's log as a streaming response (use with `follow: true`); cancel its body to stop. */
  logStream(name: string, o: LogOptions = {}, signal?: AbortSignal): Promise<Response> {
    const query = queryString({ ...o });
    return this.client.request('GET', this.#objectPath(name, 'log'), {
      query,
      accept: '*/*',
      ...(signal ? { signal } : {}),
    });
  }

  #put<R = T>(
    obj: T,
    subresource: string | undefined,
    o: WriteOptions,
    answer: RequestOptions['answer'] = 'whole',
  ): Promise<R> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`update of ${this.descriptor.resource} needs metadata.name`);
    return this.client.requestJson<R>('PUT', this.#objectPath(name, subresource, this.#namespaceOf(obj)), {
      query: queryString(writeQuery(o, this.client.fieldManager)),
      body: this.#withTypeMeta(obj),
      ...signalOf(o),
      answer,
    });
  }

  #withTypeMeta(obj: T): T {
    if (obj.apiVersion && obj.kind) return obj;
    const kind = obj.kind ?? this.descriptor.kind;
    return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(this.descriptor), ...(kind ? { kind } : {}) };
  }

  #namespaceOf(obj: T): string | undefined {
    if (!this.descriptor.namespaced) return undefined;
    const namespace = this.boundNamespace ?? obj.metadata?.namespace;
    if (!namespace)
      throw new Error(
        `${this.descriptor.resource} is namespaced: bind a namespace or set metadata.namespace`,
      );
    return namespace;
  }

  #requireNamespace(): string | undefined {
    if (this.descriptor.namespaced && !this.boundNamespace) {
      throw new Error(`${this.descriptor.resource} is namespaced: call .namespace(ns) first`);
    }
    return this.boundNamespace;
  }

  #objectPath(name: string, subresource?: string, namespace = this.#requireNamespace()): string {
    return resourceUrlPath(this.descriptor, {
      ...(namespace ? { namespace } : {}),
      name,
      ...(subresource ? { subresource } : {}),
    });
  }

  #collectionPath(namespace = this.boundNamespace): string {
    return resourceUrlPath(this.descriptor, namespace ? { namespace } : {});
  }
}
