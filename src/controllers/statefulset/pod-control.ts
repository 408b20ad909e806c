// StatefulSet pod and claim writes (upstream's StatefulPodControl), with its events:
// "create Pod web-0 in StatefulSet web successful", "create Claim www-web-0 Pod web-0 in
// StatefulSet web success", and their Failed… counterparts.
import {
  type Client,
  type EventRecorder,
  isAlreadyExists,
  isConflict,
  isNotFound,
  PODS,
  type ResourceClient,
} from '../../client/index.ts';
import { PERSISTENT_VOLUME_CLAIMS } from '../workload-common/descriptors.ts';
import { errorMessage } from '../workload-common/errors.ts';
import type { PersistentVolumeClaim, Pod, StatefulSet } from '../workload-common/types.ts';
import {
  claimsFor,
  identityMatches,
  ordinalOf,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.ts';
import {
  claimOwnerRefsFor,
  hasUnexpectedController,
  isClaimOwnerUpToDate,
  podClaimIsStale,
} from './retention.ts';
import type { StatefulPodOps } from './update.ts';

const title = (verb: string) => verb[0]!.toUpperCase() + verb.slice(1);

export class StatefulPodControl implements StatefulPodOps {
  readonly #pods: ResourceClient<Pod>;
  readonly #claims: ResourceClient<PersistentVolumeClaim>;
  readonly #recorder: EventRecorder;
  readonly #claimCache: (namespace: string, name: string) => PersistentVolumeClaim | undefined;

  constructor(
    client: Client,
    recorder: EventRecorder,
    claimCache: (namespace: string, name: string) => PersistentVolumeClaim | undefined,
  ) {
    this.#pods = client.resource<Pod>(PODS);
    this.#claims = client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS);
    this.#recorder = recorder;
    this.#claimCache = claimCache;
  }

  event(set: StatefulSet, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.#recorder.event(set, type, reason, message);
  }

  #podEvent(verb: string, set: StatefulSet, pod: Pod, error?: unknown): void {
    const name = `Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name}`;
    if (error === undefined)
      this.event(set, 'Normal', `Successful${title(verb)}`, `${verb} ${name} successful`);
    else
      this.event(
        set,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} ${name} failed error: ${errorMessage(error)}`,
      );
  }

  #claimEvent(verb: string, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, error?: unknown): void {
    const c = claim.metadata?.name;
    if (error === undefined)
      this.event(
        set,
        'Normal',
        `Successful${title(verb)}`,
        `${verb} Claim ${c} Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name} success`,
      );
    else
      this.event(
        set,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} Claim ${c} for Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name} failed error: ${errorMessage(error)}`,
      );
  }

  /** `createPersistentVolumeClaims`: every missing claim of the pod. */
  async createMissingClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: string[] = [];
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const ns = claim.metadata?.namespace ?? '';
      const existing = this.#claimCache(ns, claim.metadata?.name ?? '');
      if (existing) {
        if (existing.metadata?.deletionTimestamp) errors.push(`pvc ${claim.metadata?.name} is being deleted`);
        continue;
      }
      try {
        await this.#claims.namespace(ns).create(claim);
        this.#claimEvent('create', set, pod, claim);
      } catch (e) {
        if (isAlreadyExists(e)) continue;
        errors.push(`failed to create PVC ${claim.metadata?.name}: ${errorMessage(e)}`);
        this.#claimEvent('create', set, pod, claim, e);
      }
    }
    if (errors.length) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  }

  async createPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createMissingClaims(set, pod);
    } catch (e) {
      this.#podEvent('create', set, pod, e);
      throw e;
    }
    let created: Pod;
    try {
      created = await this.#pods.namespace(pod.metadata?.namespace ?? '').create(pod);
    } catch (e) {
      if (isAlreadyExists(e)) throw e;
      this.#podEvent('create', set, pod, e);
      throw e;
    }
    try {
      await this.updateClaimsForRetentionPolicy(set, created);
    } catch (e) {
      this.#podEvent('update', set, pod, e);
      throw e;
    }
    this.#podEvent('create', set, pod);
  }

  async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.#pods.namespace(pod.metadata?.namespace ?? '').delete(pod.metadata?.name ?? '');
      this.#podEvent('delete', set, pod);
    } catch (e) {
      this.#podEvent('delete', set, pod, e);
      if (!isNotFound(e)) throw e;
    }
  }

  /** `UpdateStatefulPod`: identity, storage and claim references back to what the set says; retried on conflict. */
  async updatePod(set: StatefulSet, pod: Pod): Promise<void> {
    let current = structuredClone(pod);
    let attempted = false;
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      let consistent = true;
      if (!identityMatches(set, current)) {
        updateIdentity(set, current);
        consistent = false;
      }
      try {
        if (!storageMatches(set, current)) {
          updateStorage(set, current);
          consistent = false;
          await this.createMissingClaims(set, current);
        }
        if (!this.claimsMatchRetentionPolicy(set, current))
          await this.updateClaimsForRetentionPolicy(set, current);
      } catch (e) {
        this.#podEvent('update', set, current, e);
        throw e;
      }
      if (consistent) return;
      attempted = true;
      try {
        await this.#pods.namespace(current.metadata?.namespace ?? '').update(current);
        lastError = undefined;
        break;
      } catch (e) {
        lastError = e;
        if (!isConflict(e)) break;
        current = await this.#pods
          .namespace(current.metadata?.namespace ?? '')
          .get(current.metadata?.name ?? '');
      }
    }
    if (attempted) this.#podEvent('update', set, current, lastError);
    if (lastError !== undefined) throw lastError;
  }

  #podClaims(set: StatefulSet, pod: Pod): (PersistentVolumeClaim | undefined)[] {
    return [...claimsFor(set, ordinalOf(pod)).values()].map((c) =>
      this.#claimCache(c.metadata?.namespace ?? '', c.metadata?.name ?? ''),
    );
  }

  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean {
    return this.#podClaims(set, pod).every((c) => c === undefined || isClaimOwnerUpToDate(c, set, pod));
  }

  async updateClaimsForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    for (const claim of this.#podClaims(set, pod)) {
      if (!claim) continue;
      if (hasUnexpectedController(claim, set, pod)) {
        this.event(
          set,
          'Warning',
          'ConflictingController',
          `PersistentVolumeClaim ${claim.metadata?.name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
        );
        continue;
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const refs = claimOwnerRefsFor(claim, set, pod);
      if (!refs) continue;
      const copy = structuredClone(claim);
      copy.metadata!.ownerReferences = refs;
      try {
        await this.#claims.namespace(claim.metadata?.namespace ?? '').update(copy);
      } catch (e) {
        throw new Error(
          `could not update claim ${claim.metadata?.name} for delete policy ownerRefs: ${errorMessage(e)}`,
          { cause: e },
        );
      }
    }
  }

  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    return podClaimIsStale(set, pod, this.#podClaims(set, pod));
  }
}
