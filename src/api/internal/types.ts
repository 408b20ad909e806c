// Upstream's typed objects (from kubernetes-types) as this project's KubeObject: the strategies
// are typed `ResourceStrategy<Obj<Service>>`, so hooks see both the kind's fields and metadata.
import type { KubeObject } from '../strategy.ts';

export type Obj<T> = T & KubeObject;

/** kubernetes-types marks `status` read-only (clients don't write it); the server does. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function writable<T>(obj: T): Writable<T> {
  return obj as Writable<T>;
}
