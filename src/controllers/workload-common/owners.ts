// The owner side of a workload controller (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job):
// the owners' informer and API, each owner's parsed selector (cached per cached object), which
// owners a dependent (a pod, a ReplicaSet, a revision) maps to, and claiming dependents for an
// owner through the controller-uid index.

import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import {
  type ObjectLike,
  objectKey,
  type ResourceClient,
  type ResourceDescriptor,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import { labelSelectorAsSelector } from '../../machinery/label-selector.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext } from '../controller-definition.ts';
import { type ClaimOwner, claimObjects, claimOwnerOf, recheckOwner } from './controller-ref.ts';
import { refGroup } from './errors.ts';
import { claimableInformer, claimCandidates } from './indexes.ts';

/** What the owners are. */
export interface OwnerKind<O> {
  descriptor: ResourceDescriptor;
  apiVersion: string;
  kind: string;
  /** The owner's pod selector; throws on an invalid one. Default: `spec.selector` as a label selector. */
  selector?: (owner: O) => Selector;
  /** Index the owners by their own controller's uid (ReplicaSets, found by their Deployment). */
  indexed?: boolean;
}

/** An owner whose selector is a LabelSelector in `spec.selector` (the default). */
type SelectingObject = ObjectLike & { spec?: { selector?: LabelSelector } };

export class WorkloadOwners<O extends ObjectLike> {
  readonly informer: SharedInformer<O>;
  readonly api: ResourceClient<O>;
  readonly #kind: OwnerKind<O>;
  readonly #selectorOf: (owner: O) => Selector;
  readonly #selectors = new WeakMap<object, Selector | null>();

  constructor(ctx: ControllerContext, kind: OwnerKind<O>) {
    this.#kind = kind;
    this.#selectorOf =
      kind.selector ?? ((owner) => labelSelectorAsSelector((owner as SelectingObject).spec?.selector));
    this.informer = kind.indexed
      ? claimableInformer<O>(ctx, kind.descriptor)
      : ctx.informers.informerFor<O>(kind.descriptor);
    this.api = ctx.client.resource<O>(kind.descriptor);
  }

  /** The cached owner of a queue key. */
  get(key: string): O | undefined {
    const { namespace, name } = splitKey(key);
    return this.informer.lister.get(namespace, name);
  }

  /** The owner's parsed selector, null when it does not parse (cached per cached object). */
  selector(owner: O): Selector | null {
    let s = this.#selectors.get(owner);
    if (s === undefined) {
      try {
        s = this.#selectorOf(owner);
      } catch {
        s = null;
      }
      this.#selectors.set(owner, s);
    }
    return s;
  }

  /** The claim-side view of an owner. */
  claimOwner(owner: O): ClaimOwner {
    return claimOwnerOf(owner, this.#kind.apiVersion, this.#kind.kind);
  }

  /** The key its controller reference names, when that controller is of the owner kind. */
  controllerKey(obj: ObjectLike): string | undefined {
    const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
    return ref?.kind === this.#kind.kind ? `${obj.metadata?.namespace}/${ref.name}` : undefined;
  }

  /**
   * The key of the cached owner (same uid) its controller reference names, if any; with
   * `checkGroup`, the reference's API group must be the owner's too.
   */
  liveOwnerKey(obj: ObjectLike, checkGroup = false): string | undefined {
    const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref?.kind !== this.#kind.kind) return undefined;
    if (checkGroup && refGroup(ref.apiVersion) !== this.#kind.descriptor.group) return undefined;
    const ns = obj.metadata?.namespace ?? '';
    const owner = this.informer.lister.get(ns, ref.name);
    return owner?.metadata?.uid === ref.uid ? `${ns}/${ref.name}` : undefined;
  }

  /**
   * Owners to sync when a dependent changes: its controller if of the owner kind (none if of
   * another), or for an orphan every owner whose non-empty selector matches it.
   */
  keysFor(obj: ObjectLike): string[] {
    const ns = obj.metadata?.namespace ?? '';
    const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref) return ref.kind === this.#kind.kind ? [`${ns}/${ref.name}`] : [];
    return this.informer.lister
      .namespace(ns)
      .list()
      .filter((owner) => {
        const s = this.selector(owner);
        return s !== null && !s.empty() && s.matches(obj.metadata?.labels);
      })
      .map((owner) => objectKey(owner));
  }

  /**
   * Claims for the owner the objects of an informer indexed by controller uid (those it controls
   * plus its namespace's orphans, narrowed by `filter`) that `match`; adoption first re-reads
   * the owner. `finalizers` are added on adoption and removed on release.
   */
  claim<T extends ObjectLike>(
    owner: O,
    from: SharedInformer<T>,
    match: (obj: T) => boolean,
    api: ResourceClient<T>,
    o: { filter?: (obj: T) => boolean; finalizers?: string[] } = {},
  ): Promise<T[]> {
    const claimer = this.claimOwner(owner);
    const ns = claimer.metadata.namespace;
    let candidates = claimCandidates<T>((i, v) => from.indexer.byIndex(i, v), claimer.metadata.uid, ns);
    if (o.filter) candidates = candidates.filter(o.filter);
    return claimObjects(claimer, candidates, match, api, {
      canAdopt: () => recheckOwner(this.api.namespace(ns), claimer),
      ...(o.finalizers ? { finalizers: o.finalizers } : {}),
    });
  }
}
