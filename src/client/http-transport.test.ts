import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { StatusError } from '../machinery/status.ts';
import { Client } from './client.ts';
import { fetchFromKubeconfig, originAndPath } from './http-transport.ts';
import { PODS } from './resource.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
let answer: (req: Seen, res: ServerResponse) => void = (_req, res) => res.end('{}');
const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(s);
    answer(s, res);
  });
});
let url = '';
const fetch = () => fetchFromKubeconfig({ server: url, token: 'secret', namespace: 'default' });

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a JSON request over HTTP carries its body, type, credentials and agent; the answer and its warnings come back', async () => {
  const transport = fetch();
  const warnings: string[] = [];
  const client = new Client({
    fetch: transport,
    server: url,
    userAgent: 'tester/1',
    onWarning: (w) => warnings.push(w),
  });
  try {
    answer = (req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', warning: '299 - "unknown field \\"x\\""' });
      res.end(JSON.stringify({ echoed: JSON.parse(req.body), é: 'ü' }));
    };
    const out = await client.requestJson<{ echoed: unknown; é: string }>('POST', '/api/v1/things', {
      query: '?a=1',
      body: { name: 'n', text: 'ça' },
    });
    assert.deepEqual(out, { echoed: { name: 'n', text: 'ça' }, é: 'ü' });
    const req = seen.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/api/v1/things?a=1');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.authorization, 'Bearer secret');
    assert.equal(req.headers['user-agent'], 'tester/1');
    assert.equal(req.headers.accept, 'application/json');
    assert.deepEqual(warnings, ['unknown field "x"']);

    // The same answer read for its metadata only, or not at all.
    answer = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"kind":"Pod","metadata":{"name":"p-1","labels":{"a":"b"},"generation":2},"spec":{}}');
    };
    const meta = await client.requestJson('POST', '/api/v1/things', { body: {}, answer: 'metadata' });
    assert.deepEqual(meta, { metadata: { name: 'p-1', generation: 2 } });
    assert.equal(await client.requestJson('POST', '/api/v1/things', { body: {}, answer: 'none' }), undefined);
  } finally {
    await transport.close();
  }
});

test('over HTTP a 429 with Retry-After is retried, and an error Status becomes its StatusError', async () => {
  const transport = fetch();
  const client = new Client({ fetch: transport, server: url });
  try {
    let calls = 0;
    answer = (_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
    assert.deepEqual(await client.requestJson('GET', '/x'), { ok: true });
    assert.equal(calls, 2);

    answer = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          message: 'pods "p" not found',
          code: 404,
        }),
      );
    };
    const e = await client.requestJson('GET', '/api/v1/namespaces/d/pods/p').catch((x: unknown) => x);
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 404);
    assert.equal(e.message, 'pods "p" not found');

    answer = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    assert.equal(await client.requestJson('DELETE', '/y'), undefined);
  } finally {
    await transport.close();
  }
});

test('over HTTP a JSON request stops at its signal, before or while it waits; repeated headers are joined', async () => {
  const transport = fetch();
  const warnings: string[] = [];
  const client = new Client({ fetch: transport, server: url, onWarning: (w) => warnings.push(w) });
  const held: ServerResponse[] = [];
  try {
    answer = (_req, res) => {
      held.push(res); // never answered
    };
    const aborted = new AbortController();
    aborted.abort(new Error('gone already'));
    await assert.rejects(client.requestJson('GET', '/x', { signal: aborted.signal }), /gone already/);

    const later = new AbortController();
    const pending = client.requestJson('GET', '/slow', { signal: later.signal });
    while (held.length === 0) await new Promise((r) => setTimeout(r, 5));
    later.abort(new Error('stopped waiting'));
    await assert.rejects(pending, /stopped waiting/);

    answer = (_req, res) => {
      res.writeHead(200, [
        ['Content-Type', 'application/json'],
        ['Warning', '299 - "first"'],
        ['Warning', '299 - "second"'],
      ]);
      res.end('{"after":"abort"}');
    };
    assert.deepEqual(await client.requestJson('GET', '/y'), { after: 'abort' });
    assert.deepEqual(warnings, ['first', 'second']);
  } finally {
    for (const res of held) res.destroy();
    await transport.close();
  }
});

test('over HTTP a watch streams its events as they come, and close() ends the request', async () => {
  const transport = fetch();
  const client = new Client({ fetch: transport, server: url });
  const pods = client.resource<{ metadata: { name: string } }>(PODS).namespace('d');
  const open: ServerResponse[] = [];
  try {
    let calls = 0;
    answer = (req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      assert.match(req.url, /^\/api\/v1\/namespaces\/d\/pods\?watch=true&resourceVersion=5/);
      res.writeHead(200, { 'content-type': 'application/json' });
      // One event split across writes, two in one write; then the stream stays open.
      res.write('{"type":"ADDED","object":{"metadata"');
      res.write(
        ':{"name":"a"}}}\n{"type":"MODIFIED","object":{"metadata":{"name":"a"}}}\n{"type":"DELETED",',
      );
      setTimeout(() => res.write('"object":{"metadata":{"name":"a"}}}\n'), 20);
      open.push(res);
    };
    const w = await pods.watch({ resourceVersion: '5' });
    assert.equal(calls, 2);
    const seen: string[] = [];
    for await (const ev of w) {
      seen.push(`${ev.type} ${(ev.object as { metadata: { name: string } }).metadata.name}`);
      if (seen.length === 3) w.close();
    }
    assert.deepEqual(seen, ['ADDED a', 'MODIFIED a', 'DELETED a']);
    assert.equal(w.closed, true);
    await new Promise<void>((resolve) => (open[0]!.closed ? resolve() : open[0]!.on('close', resolve)));

    // An error answer throws from watch(), as a StatusError.
    answer = (_req, res) => {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(
        '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","message":"too old","code":410}',
      );
    };
    const e = await pods.watch({ resourceVersion: '1' }).catch((x: unknown) => x);
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 410);

    // A watch whose body ends by itself ends its loop.
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"type":"ADDED","object":{"metadata":{"name":"b"}}}');
    };
    const names: string[] = [];
    for await (const ev of await pods.watch())
      names.push((ev.object as { metadata: { name: string } }).metadata.name);
    assert.deepEqual(names, ['b']);
  } finally {
    for (const res of open) res.destroy();
    await transport.close();
  }
});

test('originAndPath answers what URL parsing answers, for plain paths and for paths it must parse', () => {
  const urls = [
    'https://127.0.0.1:6443/api/v1/namespaces/ns/pods/web-1/status?fieldManager=kubelet',
    'https://127.0.0.1:6443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/hollow-node-1',
    'https://127.0.0.1:6443/api/v1/pods?labelSelector=app%3Dweb%2Cx+in+%28a%29&watch=true',
    'https://127.0.0.1:6443/api/v1/namespaces/a/pods/../b',
    'https://127.0.0.1:6443/api/v1/namespaces/%2e%2e/pods',
    'https://127.0.0.1:6443/api/v1/x y?q=a b',
    "https://127.0.0.1:6443/api/v1?q='x'#frag",
    'https://127.0.0.1:6443/a//b/./c\\d',
    'https://127.0.0.1:443/api',
    'https://127.0.0.1:6443',
    'https://127.0.0.1:64430/api',
    'http://[::1]:8080/api/v1/nodes',
    'HTTPS://Example.COM/api/v1/nodes?x=1',
    'https://127.0.0.1:6443/api/v1/namespaces/ns/pods/é',
  ];
  // Twice: the second time each origin is the remembered one for the next URL's check.
  for (const url of [...urls, ...urls, ...urls.toReversed()]) {
    const u = new URL(url);
    assert.deepEqual(originAndPath(url), { origin: u.origin, path: `${u.pathname}${u.search}` }, url);
  }
});
