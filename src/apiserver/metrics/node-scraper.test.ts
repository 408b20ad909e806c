import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubeletEndpoint, NodeScraper, type ScrapedNode } from './node-scraper.ts';
import type { SummaryStats } from './summary-to-metrics.ts';

const node = (name: string, address: string, labels: Record<string, string> = {}): ScrapedNode => ({
  metadata: { name, labels },
  status: {
    addresses: [
      { type: 'Hostname', address: name },
      { type: 'InternalIP', address },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  },
});

const summaryOf = (nodeName: string, withRate = true): SummaryStats => ({
  node: {
    nodeName,
    cpu: { time: '2026-11-24T00:00:00Z', ...(withRate ? { usageNanoCores: 1e6 } : {}) },
    memory: { time: '2026-11-24T00:00:00Z', workingSetBytes: 4096 },
  },
  pods: [],
});

/** A scraper over a recorded fetch, a settable clock and a sleep that returns at once. */
function harness(answer: (host: string) => SummaryStats | Error) {
  const calls: string[] = [];
  const logs: string[] = [];
  let now = Date.parse('2026-11-24T00:00:00Z');
  const scraper = new NodeScraper({
    fetchSummary: async (host, port) => {
      calls.push(`${host}:${port}`);
      const a = answer(host);
      if (a instanceof Error) throw a;
      return a;
    },
    now: () => new Date(now),
    sleep: async () => {},
    log: (m) => logs.push(m),
  });
  return { scraper, calls, logs, advance: (ms: number) => (now += ms) };
}

test('the kubelet endpoint: InternalIP first; hollow nodes and nodes without a port have none', () => {
  assert.deepEqual(kubeletEndpoint(node('a', '127.0.0.1')), { host: '127.0.0.1', port: 10250 });
  assert.equal(kubeletEndpoint(node('h', '100.64.0.1', { 'kts.io/hollow': 'true' })), undefined);
  assert.equal(kubeletEndpoint({ metadata: { name: 'x' }, status: { addresses: [] } }), undefined);
});

test('hollow nodes are never contacted', async () => {
  const h = harness((host) => summaryOf(host));
  const nodes = [node('real', '127.0.0.1'), node('h1', '100.64.0.1', { 'kts.io/hollow': 'true' })];
  const samples = await h.scraper.samples(nodes, true);
  assert.deepEqual([...samples.keys()], ['real']);
  assert.deepEqual(h.calls, ['127.0.0.1:10250']);
});

test('a sample serves for the resolution, then the node is asked again', async () => {
  const h = harness((host) => summaryOf(host));
  const nodes = [node('real', '127.0.0.1')];
  await h.scraper.samples(nodes);
  await Promise.all([h.scraper.samples(nodes), h.scraper.samples(nodes)]);
  h.advance(14_000);
  await h.scraper.samples(nodes);
  assert.equal(h.calls.length, 1);
  h.advance(1_500);
  await h.scraper.samples(nodes);
  assert.equal(h.calls.length, 2);
  assert.equal(h.scraper.window, '15s');
});

test('concurrent requests share one scrape', async () => {
  const h = harness((host) => summaryOf(host));
  const nodes = [node('real', '127.0.0.1')];
  const [a, b] = await Promise.all([h.scraper.samples(nodes), h.scraper.samples(nodes)]);
  assert.equal(h.calls.length, 1);
  assert.equal(a.get('real'), b.get('real'));
});

test('a first answer without CPU rates is asked again at once; a later partial one after a second', async () => {
  let answers = 0;
  const h = harness((host) => summaryOf(host, ++answers !== 1 && answers !== 3));
  const nodes = [node('real', '127.0.0.1')];
  assert.ok((await h.scraper.samples(nodes)).get('real')?.node, 'the retry gave the node');
  assert.equal(h.calls.length, 2);
  h.advance(15_000);
  assert.equal((await h.scraper.samples(nodes)).get('real')?.node, undefined, 'not retried: not the first');
  h.advance(1_000);
  assert.ok((await h.scraper.samples(nodes)).get('real')?.node, 'partial samples expire after a second');
  assert.equal(h.calls.length, 4);
});

test('a failing kubelet leaves its node out, is logged once per failure streak, and others still answer', async () => {
  let down = true;
  const h = harness((host) => (host === '127.0.0.2' && down ? new Error('ECONNREFUSED') : summaryOf(host)));
  const nodes = [node('up', '127.0.0.1'), node('down', '127.0.0.2')];
  assert.deepEqual([...(await h.scraper.samples(nodes)).keys()], ['up']);
  h.advance(15_000);
  await h.scraper.samples(nodes);
  assert.equal(h.logs.length, 1);
  assert.match(h.logs[0]!, /unable to fetch node down: Error: ECONNREFUSED/);
  down = false;
  h.advance(15_000);
  assert.deepEqual([...(await h.scraper.samples(nodes)).keys()].sort(), ['down', 'up']);
});
