// metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, served by the API server itself (upstream
// aggregates metrics-server; k3s bundles it): read-only get and list. The subjects come from the
// API — only nodes and pods that exist are reported, with their current labels, so label and
// field selectors work as on the objects themselves — and the numbers from their kubelets
// through the NodeScraper. A subject without numbers is left out of a list and is NotFound on a
// get, with metrics-server's messages.
import type { KubeObject } from '../../api/strategy.ts';
import { notFound } from '../../machinery/status.ts';
import type { ListOutput, ListParams } from '../registry/list.ts';
import type { ObjectFilter } from '../storage/watch-cache.ts';
import type { NodeScraper, ScrapedNode } from './node-scraper.ts';
import type { NodeMetrics, PodMetrics } from './summary-to-metrics.ts';

export interface MetricsSubjects {
  registryFor(
    group: string,
    resource: string,
  ): {
    get(namespace: string, name: string): Promise<KubeObject>;
    list(params: ListParams): Promise<ListOutput>;
  };
}

interface PodSubject {
  metadata?: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

const NODE_METRICS = { group: 'metrics.k8s.io', resource: 'nodemetrics' };
const POD_METRICS = { group: 'metrics.k8s.io', resource: 'podmetrics' };

function matches(filter: ObjectFilter, obj: KubeObject): boolean {
  return !filter.predicate || filter.predicate(obj);
}

export class ResourceMetricsApi {
  readonly #subjects: MetricsSubjects;
  readonly #scraper: NodeScraper;

  constructor(subjects: MetricsSubjects, scraper: NodeScraper) {
    this.#subjects = subjects;
    this.#scraper = scraper;
  }

  async listNodes(filter: ObjectFilter): Promise<NodeMetrics[]> {
    const nodes = (await this.#subjects.registryFor('', 'nodes').list({ namespace: '', filter: {} }))
      .items as ScrapedNode[];
    const samples = await this.#scraper.samples(nodes, true);
    const out: NodeMetrics[] = [];
    for (const node of nodes) {
      const metrics = samples.get(node.metadata?.name ?? '')?.node;
      if (metrics && matches(filter, metrics as unknown as KubeObject)) out.push(metrics);
    }
    return out;
  }

  async getNode(name: string): Promise<NodeMetrics> {
    let node: ScrapedNode;
    try {
      node = (await this.#subjects.registryFor('', 'nodes').get('', name)) as ScrapedNode;
    } catch {
      throw notFound(NODE_METRICS, name);
    }
    const metrics = (await this.#scraper.samples([node])).get(name)?.node;
    if (!metrics) throw notFound(NODE_METRICS, name);
    return metrics;
  }

  async listPods(namespace: string, filter: ObjectFilter): Promise<PodMetrics[]> {
    const pods = (
      await this.#subjects.registryFor('', 'pods').list({ namespace, filter: namespace ? { namespace } : {} })
    ).items as PodSubject[];
    return this.#podMetrics(pods.filter(running), filter);
  }

  async getPod(namespace: string, name: string): Promise<PodMetrics> {
    let pod: PodSubject | undefined;
    try {
      pod = (await this.#subjects.registryFor('', 'pods').get(namespace, name)) as PodSubject;
    } catch {
      pod = undefined;
    }
    const found = pod && running(pod) ? (await this.#podMetrics([pod], {}))[0] : undefined;
    if (!found) throw notFound(POD_METRICS, `${namespace}/${name}`);
    return found;
  }

  async #podMetrics(pods: PodSubject[], filter: ObjectFilter): Promise<PodMetrics[]> {
    const nodeNames = [...new Set(pods.map((p) => p.spec!.nodeName!))];
    const nodes: ScrapedNode[] = [];
    const registry = this.#subjects.registryFor('', 'nodes');
    for (const name of nodeNames) {
      try {
        nodes.push((await registry.get('', name)) as ScrapedNode);
      } catch {
        // A pod on a node that is gone has no numbers.
      }
    }
    const samples = await this.#scraper.samples(nodes);
    const out: PodMetrics[] = [];
    for (const pod of pods) {
      const { name, namespace, labels } = pod.metadata ?? {};
      const found = samples
        .get(pod.spec!.nodeName!)
        ?.pods.find((m) => m.metadata.name === name && m.metadata.namespace === namespace);
      if (!found) continue;
      const metrics: PodMetrics = {
        ...found,
        metadata: { ...found.metadata, ...(labels ? { labels } : {}) },
      };
      if (matches(filter, metrics as unknown as KubeObject)) out.push(metrics);
    }
    return out;
  }
}

/** Pods a kubelet reports numbers for: bound and running (metrics-server skips the others). */
function running(pod: PodSubject): boolean {
  return Boolean(pod.spec?.nodeName) && pod.status?.phase === 'Running';
}
