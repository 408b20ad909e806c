// The scheduler's picture of where pods are (upstream's internal/cache): nodes from the node
// informer, pods from the pod informer, plus "assumed" pods the scheduler has placed but whose
// binding the API has not confirmed yet, so the next cycle already counts them. An assumed pod
// is confirmed when the informer reports it bound, or forgotten when its binding fails.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { NodeChangeJournal } from '../framework/node-changes.ts';
import { type ImageStateSummary, NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { NodeTree } from './node-tree.ts';
import { normalizedImageName, type Snapshot } from './snapshot.ts';

interface PodState {
  info: PodInfo;
  assumed: boolean;
  bindingFinished: boolean;
}

interface ImageState extends ImageStateSummary {
  nodes: Set<string>;
}

export class Cache {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #pods = new Map<string, PodState>();
  readonly #tree = new NodeTree();
  readonly #images = new Map<string, ImageState>();
  #listDirty = true;
  /** Nodes holding pods with affinity terms (resp. required anti-affinity), kept in step with every change. */
  readonly #withAffinity = new MemberList();
  readonly #withAntiAffinity = new MemberList();
  /** Every change of every node, for the per-node tables plugins keep between cycles. */
  readonly #journal = new NodeChangeJournal();

  /** The NodeInfo of a node name (created empty for pods that arrive before their node). */
  #nodeInfo(name: string): NodeInfo {
    let ni = this.#nodes.get(name);
    if (!ni) {
      this.#nodes.set(name, (ni = new NodeInfo(name)));
      ni.journal = this.#journal;
    }
    return ni;
  }

  nodeCount(): number {
    return this.#tree.size;
  }

  podCount(): number {
    return this.#pods.size;
  }

  getNodeInfo(name: string): NodeInfo | undefined {
    const ni = this.#nodes.get(name);
    return ni?.node ? ni : undefined;
  }

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const ni = this.#nodeInfo(name);
    if (ni.node) {
      this.updateNode(ni.node, node);
      return;
    }
    ni.setNode(node);
    this.#setImages(ni, node);
    this.#tree.add(name, ni.labels);
    this.#listDirty = true;
    this.#syncMembership(ni);
  }

  updateNode(oldNode: Node, newNode: Node): void {
    const name = newNode.metadata?.name ?? '';
    const ni = this.#nodeInfo(name);
    if (!ni.node) {
      this.addNode(newNode);
      return;
    }
    const oldLabels = ni.labels;
    this.#removeImages(ni);
    ni.setNode(newNode);
    this.#setImages(ni, newNode);
    if (oldLabels !== ni.labels) {
      this.#tree.update(name, oldLabels, ni.labels);
      this.#listDirty = true;
    }
    void oldNode;
  }

  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const ni = this.#nodes.get(name);
    if (!ni?.node) return;
    this.#tree.remove(name, ni.labels);
    this.#removeImages(ni);
    ni.removeNode();
    this.#syncMembership(ni);
    // Pods may still name the node until they are deleted; keep their NodeInfo until then.
    if (ni.pods.length === 0) this.#nodes.delete(name);
    this.#listDirty = true;
  }

  #syncMembership(ni: NodeInfo): void {
    this.#withAffinity.set(ni, !!ni.node && ni.podsWithAffinity.length > 0);
    this.#withAntiAffinity.set(ni, !!ni.node && ni.podsWithRequiredAntiAffinity.length > 0);
  }

  #setImages(ni: NodeInfo, node: Node): void {
    ni.imageStates = new Map();
    for (const image of node.status?.images ?? []) {
      for (const raw of image.names ?? []) {
        const name = normalizedImageName(raw);
        let state = this.#images.get(name);
        if (!state)
          this.#images.set(name, (state = { size: image.sizeBytes ?? 0, numNodes: 0, nodes: new Set() }));
        if (!state.nodes.has(ni.name)) {
          state.nodes.add(ni.name);
          state.numNodes = state.nodes.size;
        }
        ni.imageStates.set(name, state);
      }
    }
  }

  #removeImages(ni: NodeInfo): void {
    for (const name of ni.imageStates.keys()) {
      const state = this.#images.get(name);
      if (!state) continue;
      state.nodes.delete(ni.name);
      state.numNodes = state.nodes.size;
      if (state.numNodes === 0) this.#images.delete(name);
    }
    ni.imageStates = new Map();
  }

  #place(info: PodInfo): void {
    const ni = this.#nodeInfo(info.nodeName);
    ni.addPod(info);
    if (info.hasAffinity()) this.#syncMembership(ni);
  }

  #unplace(info: PodInfo): void {
    const ni = this.#nodes.get(info.nodeName);
    if (!ni) return;
    ni.removePod(info.key);
    if (info.hasAffinity()) this.#syncMembership(ni);
    if (!ni.node && ni.pods.length === 0) this.#nodes.delete(info.nodeName);
  }

  /** Counts a pod the scheduler chose a node for (its info carries that node name). */
  assumePod(info: PodInfo): void {
    if (this.#pods.has(info.key)) throw new Error(`pod ${info.key} is in the cache, so can't be assumed`);
    this.#place(info);
    this.#pods.set(info.key, { info, assumed: true, bindingFinished: false });
  }

  finishBinding(key: string): void {
    const s = this.#pods.get(key);
    if (s?.assumed) s.bindingFinished = true;
  }

  /** Drops an assumed pod whose binding failed. */
  forgetPod(key: string): void {
    const s = this.#pods.get(key);
    if (!s?.assumed) return;
    this.#unplace(s.info);
    this.#pods.delete(key);
  }

  isAssumedPod(key: string): boolean {
    return this.#pods.get(key)?.assumed === true;
  }

  getPod(key: string): PodInfo | undefined {
    return this.#pods.get(key)?.info;
  }

  /** A bound pod reported by the informer (confirms an assumed one). */
  addPod(pod: Pod): void {
    const info = new PodInfo(pod);
    const s = this.#pods.get(info.key);
    if (s) {
      // Confirms the assumption (possibly on another node than assumed) or replaces a stale copy.
      this.#unplace(s.info);
    }
    this.#place(info);
    this.#pods.set(info.key, { info, assumed: false, bindingFinished: false });
  }

  updatePod(_oldPod: Pod, newPod: Pod): void {
    this.addPod(newPod);
  }

  removePod(pod: Pod): void {
    const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    const s = this.#pods.get(key);
    if (!s) return;
    this.#unplace(s.info);
    this.#pods.delete(key);
  }

  /**
   * Brings a snapshot up to date for the next cycle: the node list is rebuilt when nodes came,
   * went or changed zone; the affinity lists are the cache's own, maintained incrementally.
   */
  updateSnapshot(s: Snapshot): void {
    if (this.#listDirty) {
      s.nodeInfoList = this.#tree.list().map((name) => this.#nodes.get(name)!);
      s.nodeInfoList.forEach((ni, i) => {
        ni.index = i;
      });
      s.byName = new Map(s.nodeInfoList.map((ni) => [ni.name, ni]));
      this.#listDirty = false;
    }
    s.journal = this.#journal;
    s.imageCount = this.#images.size;
    s.havePodsWithAffinityList = this.#withAffinity.items;
    s.havePodsWithRequiredAntiAffinityList = this.#withAntiAffinity.items;
    s.generation++;
  }
}

/** A list of nodes with O(1) insertion and removal (order does not matter to its readers). */
class MemberList {
  readonly items: NodeInfo[] = [];
  readonly #index = new Map<NodeInfo, number>();

  set(ni: NodeInfo, member: boolean): void {
    const i = this.#index.get(ni);
    if (member) {
      if (i === undefined) {
        this.#index.set(ni, this.items.length);
        this.items.push(ni);
      }
      return;
    }
    if (i === undefined) return;
    const last = this.items.pop()!;
    if (last !== ni) {
      this.items[i] = last;
      this.#index.set(last, i);
    }
    this.#index.delete(ni);
  }
}
