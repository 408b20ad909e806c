// What the scheduler has decided about claims and volumes but the API does not show yet
// (upstream's assume caches): a claim given a selected node at Reserve, a static volume taken
// for a claim. Later scheduling cycles see these decisions, so two pods cannot take one volume
// and a shared claim is not sent to two nodes. An assumption lasts until the informer brings a
// newer version of the object, or until it is reverted (Unreserve) or dropped (after PreBind).
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { ClusterReader } from '../../framework/interfaces.ts';
import type { StorageLookup } from './pod-claims.ts';

interface Assumed<T> {
  object: T;
  /** The informer's resourceVersion when assumed: a different one there replaces the assumption. */
  base: string | undefined;
}

const claimKey = (c: PersistentVolumeClaim) => `${c.metadata?.namespace ?? ''}/${c.metadata?.name ?? ''}`;

export class Assumptions implements StorageLookup {
  readonly #cluster: ClusterReader;
  readonly #claims = new Map<string, Assumed<PersistentVolumeClaim>>();
  readonly #volumes = new Map<string, Assumed<PersistentVolume>>();

  constructor(cluster: ClusterReader) {
    this.#cluster = cluster;
  }

  assumeClaim(claim: PersistentVolumeClaim): void {
    const current = this.#cluster.persistentVolumeClaim(
      claim.metadata?.namespace ?? '',
      claim.metadata?.name ?? '',
    );
    this.#claims.set(claimKey(claim), { object: claim, base: current?.metadata?.resourceVersion });
  }

  assumeVolume(volume: PersistentVolume): void {
    const name = volume.metadata?.name ?? '';
    this.#volumes.set(name, {
      object: volume,
      base: this.#cluster.persistentVolume(name)?.metadata?.resourceVersion,
    });
  }

  restoreClaim(claim: PersistentVolumeClaim): void {
    this.#claims.delete(claimKey(claim));
  }

  restoreVolume(name: string): void {
    this.#volumes.delete(name);
  }

  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    const current = this.#cluster.persistentVolumeClaim(namespace, name);
    return this.#overlay(this.#claims, `${namespace}/${name}`, current);
  }

  volume(name: string): PersistentVolume | undefined {
    return this.#overlay(this.#volumes, name, this.#cluster.persistentVolume(name));
  }

  volumes(): readonly PersistentVolume[] {
    const list = this.#cluster.persistentVolumes();
    if (this.#volumes.size === 0) return list;
    return list.map((pv) => this.#overlay(this.#volumes, pv.metadata?.name ?? '', pv) ?? pv);
  }

  storageClass(name: string) {
    return this.#cluster.storageClass(name);
  }

  #overlay<T extends PersistentVolume | PersistentVolumeClaim>(
    map: Map<string, Assumed<T>>,
    key: string,
    current: T | undefined,
  ): T | undefined {
    const a = map.get(key);
    if (!a) return current;
    if (current && current.metadata?.resourceVersion === a.base) return a.object;
    map.delete(key);
    return current;
  }
}
