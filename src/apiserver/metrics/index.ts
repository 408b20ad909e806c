// The resource metrics API as the API server serves it: its two virtual resources for the
// resource table (discovery, routing) and the reader behind them.
import type { ResourceStrategy } from '../../api/strategy.ts';
import { NodeScraper, type NodeScraperOptions } from './node-scraper.ts';
import { type MetricsSubjects, ResourceMetricsApi } from './resource-metrics-api.ts';
import type { SummaryStats } from './summary-to-metrics.ts';

export { ResourceMetricsApi } from './resource-metrics-api.ts';

function readOnly(kind: string, resource: string, singular: string, namespaced: boolean): ResourceStrategy {
  return {
    group: 'metrics.k8s.io',
    kind,
    resource,
    singular,
    namespaced,
    versions: ['v1beta1'],
    verbs: ['get', 'list'],
  };
}

export const nodeMetricsStrategy = readOnly('NodeMetrics', 'nodes', 'node', false);
export const podMetricsStrategy = readOnly('PodMetrics', 'pods', 'pod', true);

/** How long a kubelet may take to answer /stats/summary. */
const SCRAPE_TIMEOUT_MS = 5_000;

/** GET http://host:port/stats/summary from a kubelet. */
export async function fetchSummary(host: string, port: number): Promise<SummaryStats> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const response = await fetch(`http://${hostPart}:${port}/stats/summary`, {
    signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`kubelet answered ${response.status}`);
  return (await response.json()) as SummaryStats;
}

export function resourceMetricsApi(
  subjects: MetricsSubjects,
  options: Partial<NodeScraperOptions> = {},
): ResourceMetricsApi {
  return new ResourceMetricsApi(subjects, new NodeScraper({ fetchSummary, ...options }));
}
