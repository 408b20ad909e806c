// Fetches nodes' kubelet summaries for the resource metrics API, on demand: a node is scraped
// when a request needs it and its last sample is older than the resolution (metrics-server's
// 15 s), so repeated `kubectl top` calls and HPA syncs share one scrape, and an idle cluster —
// or a scale bench with thousands of nodes — costs nothing. Simulated (hollow) nodes have no
// kubelet and their addresses must never be contacted: they are skipped, as metrics-server leaves
// out a node it cannot scrape. A failed scrape leaves that node out and is logged once per failure
// streak; it never fails the whole answer.
import { type NodeSample, type SummaryStats, summaryToMetrics } from './summary-to-metrics.ts';

export interface ScrapedNode {
  metadata?: { name?: string; labels?: Record<string, string> };
  status?: {
    addresses?: { type: string; address: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
  };
}

export interface NodeScraperOptions {
  /** GET http://host:port/stats/summary, parsed; rejects on any failure. */
  fetchSummary(host: string, port: number): Promise<SummaryStats>;
  resolutionMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
  /** How many kubelets are asked at once. */
  concurrency?: number;
  /** Waits (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
}

/** How soon a node whose last answer lacked some numbers is asked again. */
const PARTIAL_RETRY_MS = 1_000;
/** The pause before asking a node again whose first answer lacked CPU rates. */
const FIRST_RETRY_DELAY_MS = 1_000;

/** The label hollow nodes carry (src/hollow/node-template.ts). */
export const HOLLOW_NODE_LABEL = 'kts.io/hollow';

/** Address types in the order the API server prefers to reach a kubelet. */
const ADDRESS_TYPES = ['InternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS', 'ExternalIP'];

/** Where a node's kubelet listens, or undefined for a node that has none to ask. */
export function kubeletEndpoint(node: ScrapedNode): { host: string; port: number } | undefined {
  if (node.metadata?.labels?.[HOLLOW_NODE_LABEL] === 'true') return undefined;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  const addresses = node.status?.addresses ?? [];
  for (const type of ADDRESS_TYPES) {
    const a = addresses.find((x) => x.type === type);
    if (a?.address && port) return { host: a.address, port };
  }
  return undefined;
}

interface Entry {
  at: number;
  sample?: NodeSample;
  pending?: Promise<NodeSample | undefined>;
  failing?: boolean;
  partial?: boolean;
}

export class NodeScraper {
  readonly #options: NodeScraperOptions;
  readonly #resolutionMs: number;
  readonly #now: () => Date;
  readonly #entries = new Map<string, Entry>();

  constructor(options: NodeScraperOptions) {
    this.#options = options;
    this.#resolutionMs = options.resolutionMs ?? 15_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** The window reported on every object: the resolution, as metrics-server prints it. */
  get window(): string {
    return `${this.#resolutionMs / 1000}s`;
  }

  /**
   * The latest samples of these nodes (those that answered), scraping the stale ones. With
   * `allNodes`, the list is every node there is, and others are forgotten.
   */
  async samples(nodes: ScrapedNode[], allNodes = false): Promise<Map<string, NodeSample>> {
    const out = new Map<string, NodeSample>();
    const work = nodes.filter((n) => n.metadata?.name && kubeletEndpoint(n));
    const limit = Math.max(1, this.#options.concurrency ?? 16);
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const node = work[next++]!;
        const sample = await this.#sample(node);
        if (sample) out.set(node.metadata!.name!, sample);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, work.length) }, worker));
    if (allNodes) {
      const names = new Set(nodes.map((n) => n.metadata?.name));
      for (const name of this.#entries.keys()) if (!names.has(name)) this.#entries.delete(name);
    }
    return out;
  }

  #sample(node: ScrapedNode): Promise<NodeSample | undefined> {
    const name = node.metadata!.name!;
    const now = this.#now().getTime();
    let entry = this.#entries.get(name);
    if (entry?.pending) return entry.pending;
    const fresh = entry?.partial ? PARTIAL_RETRY_MS : this.#resolutionMs;
    if (entry && now - entry.at < fresh) return Promise.resolve(entry.sample);
    entry ??= { at: 0 };
    this.#entries.set(name, entry);
    const current = entry;
    current.pending = this.#scrape(node, current).finally(() => {
      current.at = this.#now().getTime();
      current.pending = undefined;
    });
    return current.pending;
  }

  async #scrape(node: ScrapedNode, entry: Entry): Promise<NodeSample | undefined> {
    const name = node.metadata!.name!;
    const { host, port } = kubeletEndpoint(node)!;
    const first = entry.sample === undefined;
    try {
      let { sample, partial } = await this.#fetch(node, host, port);
      // A kubelet's CPU rates need two of its samples, so its first answer often lacks them:
      // a node asked for the first time is asked once more, a moment later, rather than left
      // out of this answer (metrics-server's "metrics not available yet" at startup).
      if (partial && first) {
        await (this.#options.sleep ?? sleep)(FIRST_RETRY_DELAY_MS);
        ({ sample, partial } = await this.#fetch(node, host, port));
      }
      entry.sample = sample;
      entry.partial = partial;
      entry.failing = false;
      return sample;
    } catch (e) {
      if (!entry.failing) this.#options.log?.(`metrics: unable to fetch node ${name}: ${String(e)}`);
      entry.failing = true;
      entry.sample = undefined;
      return undefined;
    }
  }

  async #fetch(
    node: ScrapedNode,
    host: string,
    port: number,
  ): Promise<{ sample: NodeSample; partial: boolean }> {
    const summary = await this.#options.fetchSummary(host, port);
    const sample = summaryToMetrics(summary, {
      window: this.window,
      now: this.#now(),
      ...(node.metadata?.labels ? { nodeLabels: node.metadata.labels } : {}),
    });
    // Partial: some numbers missing; such a node is asked again after a second, not a resolution.
    return { sample, partial: !sample.node || sample.pods.length < (summary.pods?.length ?? 0) };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
