// The garbage collector's workers (upstream's GarbageCollector): objects whose owners may be
// gone are checked owner by owner with live GETs (by uid: an owner re-created under the same
// name is another owner) and deleted when none is left; owners deleted in the foreground lose
// their `foregroundDeletion` finalizer once their blocking dependents are gone; owners deleted
// with `orphan` first release their dependents.
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import {
  type Client,
  type EventRecorder,
  isConflict,
  isNotFound,
  type ObjectLike,
  type ResourceClient,
  WorkQueue,
} from '../../client/index.ts';
import type { DiscoveredResource } from '../internal/discovery.ts';
import {
  classifyReferences,
  decideItem,
  type OwnerState,
  removeFinalizerPatch,
  removeReferencesPatch,
  unblockReferencesPatch,
} from './decide.ts';
import {
  type DependencyGraph,
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  type GraphNode,
  type GraphWork,
  type ObjectIdentity,
} from './graph.ts';
import type { ResourceMap } from './resource-map.ts';

interface Meta {
  uid?: string;
  resourceVersion?: string;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  deletionTimestamp?: string;
}

type Live = ObjectLike & { metadata?: Meta };

/** Absent owners seen recently (upstream's absentOwnerCache): spares a GET per dependent. */
class AbsentOwners {
  readonly #uids = new Set<string>();
  readonly #max: number;
  constructor(max = 500) {
    this.#max = max;
  }
  has(uid: string): boolean {
    return this.#uids.has(uid);
  }
  add(uid: string): void {
    this.#uids.delete(uid);
    this.#uids.add(uid);
    if (this.#uids.size > this.#max) this.#uids.delete(this.#uids.values().next().value!);
  }
}

export class Collector {
  readonly attemptToDelete = new WorkQueue<string>();
  readonly attemptToOrphan = new WorkQueue<string>();
  readonly #client: Client;
  readonly #graph: DependencyGraph;
  readonly #resources: ResourceMap;
  readonly #recorder: EventRecorder;
  readonly #absent = new AbsentOwners();

  constructor(client: Client, graph: DependencyGraph, resources: ResourceMap, recorder: EventRecorder) {
    this.#client = client;
    this.#graph = graph;
    this.#resources = resources;
    this.#recorder = recorder;
  }

  enqueue(work: GraphWork): void {
    for (const uid of work.attemptToDelete) this.attemptToDelete.add(uid);
    for (const uid of work.attemptToOrphan) this.attemptToOrphan.add(uid);
  }

  /** One attempt on an object whose owners may be gone (or that waits on its dependents). */
  async attemptToDeleteItem(uid: string): Promise<{ requeue: boolean } | undefined> {
    const node = this.#graph.node(uid);
    if (!node) return;
    // Being deleted is a one-way trip: its dependents are handled once it is gone.
    if (node.beingDeleted && !node.deletingDependents) return;
    if (!node.virtual && !node.deletingDependents && node.owners.length === 0) return;
    const latest = await this.#get(node.identity);
    if (!latest || latest.metadata?.uid !== node.identity.uid) {
      this.#absent.add(node.identity.uid);
      this.enqueue(this.#graph.verifiedAbsent(node.identity));
      return;
    }
    if (node.deletingDependents) {
      await this.#processDeletingDependents(node);
      return;
    }
    const refs = latest.metadata?.ownerReferences ?? [];
    if (refs.length > 0) {
      const states = new Map<string, OwnerState>();
      for (const ref of refs) states.set(ref.uid, await this.#ownerState(ref, node.identity, latest));
      const classification = classifyReferences(refs, (ref) => states.get(ref.uid)!);
      const dependents = [...node.dependents];
      const action = decideItem(
        {
          ownerReferences: refs,
          finalizers: latest.metadata?.finalizers ?? [],
          dependents: dependents.length,
          aDependentIsDeletingDependents: dependents.some((d) => d.deletingDependents),
        },
        classification,
      );
      const client = this.#clientFor(node.identity);
      if (action.action === 'removeReferences') {
        await client.patch(
          node.identity.name,
          'merge',
          removeReferencesPatch(latest.metadata ?? {}, action.uids),
        );
      } else if (action.action === 'delete') {
        if (action.unblockFirst) {
          const unblock = unblockReferencesPatch(latest.metadata ?? {});
          if (unblock) await client.patch(node.identity.name, 'merge', unblock);
        }
        await this.#delete(node.identity, action.policy);
      }
    }
    // It exists but no informer reported it yet: look again until one does (upstream does too,
    // or a virtual node added and removed during a watch restart would stay forever).
    if (node.virtual) return { requeue: true };
    return;
  }

  /** Releases the dependents of an owner deleted with `orphan`, then its finalizer. */
  async attemptToOrphanItem(uid: string): Promise<void> {
    const owner = this.#graph.node(uid);
    if (!owner) return;
    for (const dependent of [...owner.dependents]) {
      const client = this.#clientFor(dependent.identity);
      for (let attempt = 0; ; attempt++) {
        const latest = await this.#get(dependent.identity);
        if (!latest || latest.metadata?.uid !== dependent.identity.uid) break;
        if (!(latest.metadata?.ownerReferences ?? []).some((r) => r.uid === uid)) break;
        try {
          await client.patch(
            dependent.identity.name,
            'merge',
            removeReferencesPatch(latest.metadata ?? {}, [uid]),
          );
          break;
        } catch (e) {
          if (isNotFound(e)) break;
          if (!isConflict(e) || attempt >= 4) throw e;
        }
      }
    }
    await this.#removeFinalizer(owner.identity, FINALIZER_ORPHAN);
  }

  async #processDeletingDependents(node: GraphNode): Promise<void> {
    const blocking = node.blockingDependents();
    if (blocking.length === 0) {
      await this.#removeFinalizer(node.identity, FINALIZER_FOREGROUND);
      return;
    }
    for (const d of blocking) if (!d.deletingDependents) this.attemptToDelete.add(d.identity.uid);
  }

  /** What a live GET says about an owner (upstream's isDangling). */
  async #ownerState(ref: OwnerReference, dependent: ObjectIdentity, latest: Live): Promise<OwnerState> {
    if (this.#absent.has(ref.uid)) return { present: false };
    const r = this.#resolve(ref.apiVersion, ref.kind);
    let namespace = '';
    if (r.namespaced) {
      if (!dependent.namespace) {
        // A cluster-scoped object cannot be owned by a namespaced one: the reference is void.
        this.#recorder.event(
          latest.kind ? latest : { ...latest, apiVersion: dependent.apiVersion, kind: dependent.kind },
          'Warning',
          'OwnerRefInvalidNamespace',
          `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: , name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace ""`,
        );
        return { present: false };
      }
      namespace = dependent.namespace;
    }
    const owner = await this.#get({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      namespace,
      name: ref.name,
      uid: ref.uid,
    });
    if (!owner || owner.metadata?.uid !== ref.uid) {
      this.#absent.add(ref.uid);
      return { present: false };
    }
    const deletingDependents =
      owner.metadata?.deletionTimestamp !== undefined &&
      (owner.metadata?.finalizers ?? []).includes(FINALIZER_FOREGROUND);
    return { present: true, deletingDependents };
  }

  async #delete(identity: ObjectIdentity, policy: 'Orphan' | 'Background' | 'Foreground'): Promise<void> {
    try {
      await this.#clientFor(identity).delete(identity.name, {
        preconditions: { uid: identity.uid },
        propagationPolicy: policy,
      });
    } catch (e) {
      // Gone already, or replaced by another object of the same name: nothing of ours to delete.
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
  }

  async #removeFinalizer(identity: ObjectIdentity, finalizer: string): Promise<void> {
    const client = this.#clientFor(identity);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.#get(identity);
      if (!latest || latest.metadata?.uid !== identity.uid) return;
      const patch = removeFinalizerPatch(latest.metadata ?? {}, finalizer);
      if (!patch) return;
      try {
        await client.patch(identity.name, 'merge', patch);
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e) || attempt >= 4) throw e;
      }
    }
  }

  async #get(identity: ObjectIdentity): Promise<Live | undefined> {
    try {
      return await this.#clientFor(identity).get(identity.name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  #resolve(apiVersion: string, kind: string): DiscoveredResource {
    const r = this.#resources.resolve(apiVersion, kind);
    if (!r) throw new Error(`unable to get REST mapping for ${apiVersion}/${kind}`);
    return r;
  }

  #clientFor(identity: ObjectIdentity): ResourceClient<Live> {
    const r = this.#resolve(identity.apiVersion, identity.kind);
    const client = this.#client.resource<Live>(r);
    return r.namespaced ? client.namespace(identity.namespace) : client;
  }
}
