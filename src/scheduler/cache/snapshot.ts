// The view of the cluster one scheduling cycle works on (upstream's cache.Snapshot): the nodes
// in zone-interleaved order, and the short lists of nodes that hold pods with affinity terms.
// The NodeInfo objects are the cache's own: the synchronous part of a cycle (PreFilter through
// Reserve) cannot interleave with informer events in JavaScript, so no copy is needed; the cache
// only refreshes the lists when nodes or affinity pods came or went (see Cache.updateSnapshot).
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { NodeChangeJournal } from '../framework/node-changes.ts';
import type { ImageStateSummary } from '../framework/node-info.ts';
import { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';

export class Snapshot {
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  byName: Map<string, NodeInfo> = new Map();
  /** Bumped by the cache each time it refreshes the lists. */
  generation = 0;
  /** Where the listed nodes record their changes (undefined: nowhere, tables rescan). */
  journal: NodeChangeJournal | undefined;
  /**
   * How many distinct images the nodes report (undefined: not counted). 0 means every node's
   * imageStates is empty, which ImageLocality need not look at node by node.
   */
  imageCount: number | undefined;

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  /**
   * A standalone snapshot from plain objects, for tests and dry runs (upstream's NewSnapshot):
   * pods are placed on the nodes named by their spec.nodeName.
   */
  static fromObjects(nodes: readonly Node[], pods: readonly Pod[] = []): Snapshot {
    const s = new Snapshot();
    s.journal = new NodeChangeJournal();
    const images = new Map<string, ImageStateSummary>();
    for (const node of nodes) {
      const ni = new NodeInfo(node.metadata?.name ?? '', node);
      ni.journal = s.journal;
      ni.index = s.nodeInfoList.length;
      s.byName.set(ni.name, ni);
      s.nodeInfoList.push(ni);
      for (const image of node.status?.images ?? []) {
        for (const name of image.names ?? []) {
          const normalized = normalizedImageName(name);
          let summary = images.get(normalized);
          if (!summary) images.set(normalized, (summary = { size: image.sizeBytes ?? 0, numNodes: 0 }));
          summary.numNodes++;
          ni.imageStates.set(normalized, summary);
        }
      }
    }
    s.imageCount = images.size;
    for (const pod of pods) s.byName.get(pod.spec?.nodeName ?? '')?.addPod(new PodInfo(pod));
    s.refreshAffinityLists();
    return s;
  }

  refreshAffinityLists(): void {
    this.havePodsWithAffinityList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityList = this.nodeInfoList.filter(
      (n) => n.podsWithRequiredAntiAffinity.length > 0,
    );
  }
}

/** `nginx` → `nginx:latest`; names with a tag or digest stay (upstream's normalizedImageName). */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}
