// Pods nominated to nodes by preemption (upstream's nominator): while the victims leave, other
// pods of equal or lower priority must not take the room made for them, so filters count
// nominated pods on their node.
import type { PodInfo } from '../framework/pod-info.ts';

export class Nominator {
  /** node name → pods nominated there. */
  readonly #byNode = new Map<string, PodInfo[]>();
  /** pod uid → node name. */
  readonly #byPod = new Map<string, string>();

  /** Records (or moves) a nomination; '' removes it. */
  add(pod: PodInfo, nodeName: string): void {
    this.delete(pod);
    if (!nodeName) return;
    let list = this.#byNode.get(nodeName);
    if (!list) this.#byNode.set(nodeName, (list = []));
    list.push(pod);
    this.#byPod.set(pod.uid, nodeName);
  }

  delete(pod: { uid: string }): void {
    const node = this.#byPod.get(pod.uid);
    if (node === undefined) return;
    this.#byPod.delete(pod.uid);
    const list = this.#byNode.get(node)!;
    const i = list.findIndex((p) => p.uid === pod.uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#byNode.delete(node);
  }

  /** Replaces the nominated pod's info (after an update), keeping its node. */
  update(pod: PodInfo): void {
    const node = this.#byPod.get(pod.uid);
    if (node !== undefined) this.add(pod, node);
  }

  get size(): number {
    return this.#byPod.size;
  }

  nominatedNodeOf(uid: string): string | undefined {
    return this.#byPod.get(uid);
  }

  podsForNode(nodeName: string): readonly PodInfo[] {
    return this.#byNode.get(nodeName) ?? EMPTY;
  }
}

const EMPTY: readonly PodInfo[] = Object.freeze([]);
