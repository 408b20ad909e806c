// The garbage collector's dependency graph (upstream's GraphBuilder + uidToNode): one node per
// object uid, linked to the owners its ownerReferences name and to its dependents. Owners named
// but not (yet) seen become "virtual" nodes that the collector must verify with a live lookup.
// Applying an informer event is pure bookkeeping that returns which uids now need attention:
// - attemptToDelete: objects whose owners may be gone, owners waiting for their dependents
//   (foreground deletion), virtual owners to verify;
// - attemptToOrphan: owners deleted with the `orphan` finalizer.
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** Where an object lives, as an owner reference names it (namespace '' for cluster-scoped). */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

/** What the graph needs of an observed object. */
export interface ObservedObject {
  identity: ObjectIdentity;
  ownerReferences: readonly OwnerReference[];
  deletionTimestamp?: string | null | undefined;
  finalizers?: readonly string[] | null | undefined;
}

export class GraphNode {
  identity: ObjectIdentity;
  owners: OwnerReference[] = [];
  readonly dependents = new Set<GraphNode>();
  /** Named by an ownerReference but not observed through an informer. */
  virtual: boolean;
  beingDeleted = false;
  /** Being deleted with the `orphan` finalizer. */
  orphaning = false;
  /** Being deleted with the `foregroundDeletion` finalizer. */
  deletingDependents = false;

  constructor(identity: ObjectIdentity, virtual: boolean) {
    this.identity = identity;
    this.virtual = virtual;
  }

  /** Dependents whose reference to this node blocks its deletion (blockOwnerDeletion: true). */
  blockingDependents(): GraphNode[] {
    const uid = this.identity.uid;
    return [...this.dependents].filter((d) =>
      d.owners.some((o) => o.uid === uid && o.blockOwnerDeletion === true),
    );
  }
}

export interface GraphWork {
  attemptToDelete: string[];
  attemptToOrphan: string[];
}

const noWork = (): GraphWork => ({ attemptToDelete: [], attemptToOrphan: [] });

function hasFinalizer(o: ObservedObject, f: string): boolean {
  return (o.finalizers ?? []).includes(f);
}

function isBeingDeleted(o: ObservedObject): boolean {
  return o.deletionTimestamp !== undefined && o.deletionTimestamp !== null;
}

/** Owner references added, removed, or changed in blockOwnerDeletion, by uid. */
export function referenceDiff(
  old: readonly OwnerReference[],
  next: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: { old: OwnerReference; next: OwnerReference }[];
} {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const nextByUid = new Map(next.map((r) => [r.uid, r]));
  const added = next.filter((r) => !oldByUid.has(r.uid));
  const removed = old.filter((r) => !nextByUid.has(r.uid));
  const changed: { old: OwnerReference; next: OwnerReference }[] = [];
  for (const r of next) {
    const o = oldByUid.get(r.uid);
    if (o && (o.blockOwnerDeletion === true) !== (r.blockOwnerDeletion === true))
      changed.push({ old: o, next: r });
  }
  return { added, removed, changed };
}

export class DependencyGraph {
  readonly #nodes = new Map<string, GraphNode>();

  get size(): number {
    return this.#nodes.size;
  }

  node(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  /** An object was added or updated (informer event, or the initial list). */
  observe(obj: ObservedObject): GraphWork {
    const work = noWork();
    const uid = obj.identity.uid;
    let node = this.#nodes.get(uid);
    const wasOrphaning = node !== undefined && !node.virtual && node.orphaning;
    const wasDeletingDependents = node !== undefined && !node.virtual && node.deletingDependents;
    if (!node) {
      node = new GraphNode(obj.identity, false);
      this.#nodes.set(uid, node);
      node.owners = [...obj.ownerReferences];
      this.#addToOwners(node, node.owners, work);
    } else {
      if (node.virtual) {
        // The owner we only knew by reference is real after all.
        node.virtual = false;
        node.identity = obj.identity;
      }
      const diff = referenceDiff(node.owners, obj.ownerReferences);
      if (diff.added.length || diff.removed.length || diff.changed.length) {
        // An owner waiting on this dependent may be released by the change: let it look again.
        for (const r of diff.removed) {
          const owner = this.#nodes.get(r.uid);
          owner?.dependents.delete(node);
          if (owner?.deletingDependents && r.blockOwnerDeletion === true) work.attemptToDelete.push(r.uid);
        }
        for (const { old, next } of diff.changed) {
          const owner = this.#nodes.get(next.uid);
          if (
            owner?.deletingDependents &&
            old.blockOwnerDeletion === true &&
            next.blockOwnerDeletion !== true
          )
            work.attemptToDelete.push(next.uid);
        }
        node.owners = [...obj.ownerReferences];
        this.#addToOwners(node, diff.added, work);
      }
    }
    node.beingDeleted = isBeingDeleted(obj);
    node.orphaning = node.beingDeleted && hasFinalizer(obj, FINALIZER_ORPHAN);
    node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_FOREGROUND);
    // Transitions (upstream's processTransitions): orphaning or foreground deletion begins (also
    // when first seen that way, e.g. after a restart).
    if (node.orphaning && !wasOrphaning) {
      work.attemptToOrphan.push(uid);
    } else if (node.deletingDependents && !wasDeletingDependents) {
      for (const d of node.dependents) work.attemptToDelete.push(d.identity.uid);
      work.attemptToDelete.push(uid);
    }
    return work;
  }

  /** An object was deleted: its dependents may now be orphans, its foreground owners may be done. */
  remove(uid: string): GraphWork {
    const work = noWork();
    const node = this.#nodes.get(uid);
    if (!node) return work;
    this.#removeNode(node);
    for (const d of node.dependents) work.attemptToDelete.push(d.identity.uid);
    for (const r of node.owners) {
      const owner = this.#nodes.get(r.uid);
      if (owner?.deletingDependents) work.attemptToDelete.push(r.uid);
    }
    return work;
  }

  /**
   * A live lookup found an owner absent (upstream's virtual delete event). A virtual node goes
   * away and its dependents are looked at; an observed node stays (the informer knows it), but
   * dependents whose reference names it with other coordinates are looked at too.
   */
  verifiedAbsent(identity: ObjectIdentity): GraphWork {
    const work = noWork();
    const node = this.#nodes.get(identity.uid);
    if (!node) return work;
    if (node.virtual) {
      this.#removeNode(node);
      for (const d of node.dependents) work.attemptToDelete.push(d.identity.uid);
      return work;
    }
    const group = (apiVersion: string) =>
      apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    for (const d of node.dependents) {
      const ref = d.owners.find((o) => o.uid === identity.uid);
      if (
        ref &&
        (ref.kind !== node.identity.kind || group(ref.apiVersion) !== group(node.identity.apiVersion))
      ) {
        work.attemptToDelete.push(d.identity.uid);
      }
    }
    return work;
  }

  #addToOwners(node: GraphNode, refs: readonly OwnerReference[], work: GraphWork): void {
    for (const r of refs) {
      let owner = this.#nodes.get(r.uid);
      if (!owner) {
        owner = new GraphNode(
          {
            apiVersion: r.apiVersion,
            kind: r.kind,
            name: r.name,
            uid: r.uid,
            namespace: node.identity.namespace,
          },
          true,
        );
        this.#nodes.set(r.uid, owner);
        work.attemptToDelete.push(r.uid);
      }
      owner.dependents.add(node);
    }
  }

  #removeNode(node: GraphNode): void {
    this.#nodes.delete(node.identity.uid);
    for (const r of node.owners) this.#nodes.get(r.uid)?.dependents.delete(node);
  }
}
