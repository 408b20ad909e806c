import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { stringify } from 'yaml';
import { StatusError } from '../machinery/status.ts';
import { Client } from './client.ts';
import { fetchFromKubeconfig, inClusterConfig, loadKubeconfig, resolveKubeconfig } from './kubeconfig.ts';
import { NODES } from './resource.ts';
import { makeTestPki, type TestPki } from './testing/test-certs.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
let dir: string;
let pki: TestPki;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kts-kubeconfig-'));
  pki = makeTestPki();
});
after(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(over: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'admin@kts',
    clusters: [
      {
        name: 'kts',
        cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(pki.caCert) },
      },
    ],
    users: [
      {
        name: 'admin',
        user: { 'client-certificate-data': b64(pki.clientCert), 'client-key-data': b64(pki.clientKey) },
      },
    ],
    contexts: [
      { name: 'admin@kts', context: { cluster: 'kts', user: 'admin', namespace: 'team-a' } },
      { name: 'token@kts', context: { cluster: 'kts', user: 'robot' } },
    ],
    ...over,
  };
}

test('resolves the current context with inline certificate data and its namespace', () => {
  const cfg = resolveKubeconfig([{ path: join(dir, 'config'), text: stringify(kubeconfig()) }]);
  assert.equal(cfg.server, 'https://127.0.0.1:6443');
  assert.equal(cfg.ca, pki.caCert);
  assert.equal(cfg.cert, pki.clientCert);
  assert.equal(cfg.key, pki.clientKey);
  assert.equal(cfg.namespace, 'team-a');
});

test('file paths are relative to the kubeconfig; tokens, token files and insecure mode are read', () => {
  const sub = join(dir, 'rel');
  mkdirSync(join(sub, 'pki'), { recursive: true });
  writeFileSync(join(sub, 'pki', 'ca.crt'), pki.caCert);
  writeFileSync(join(sub, 'token'), 'file-token\n');
  const doc = kubeconfig({
    clusters: [
      {
        name: 'kts',
        cluster: {
          server: 'https://127.0.0.1:6443',
          'certificate-authority': 'pki/ca.crt',
          'tls-server-name': 'kts.local',
        },
      },
    ],
    users: [
      { name: 'admin', user: { token: 'abc' } },
      { name: 'robot', user: { tokenFile: 'token' } },
    ],
  });
  writeFileSync(join(sub, 'config'), stringify(doc));
  const cfg = loadKubeconfig(join(sub, 'config'));
  assert.equal(cfg.ca, pki.caCert);
  assert.equal(cfg.token, 'abc');
  assert.equal(cfg.tlsServerName, 'kts.local');
  const robot = loadKubeconfig(join(sub, 'config'), 'token@kts');
  assert.equal(robot.tokenFile, join(sub, 'token'));
  assert.equal(robot.namespace, 'default');
  const insecure = resolveKubeconfig([
    {
      path: join(dir, 'x'),
      text: stringify(
        kubeconfig({
          clusters: [{ name: 'kts', cluster: { server: 'https://h', 'insecure-skip-tls-verify': true } }],
        }),
      ),
    },
  ]);
  assert.equal(insecure.insecureSkipTLSVerify, true);
  assert.equal(insecure.ca, undefined);
});

test('several files merge first-wins, as $KUBECONFIG', () => {
  const first = {
    path: join(dir, 'a'),
    text: stringify({ clusters: [{ name: 'kts', cluster: { server: 'https://first' } }], contexts: [] }),
  };
  const second = { path: join(dir, 'b'), text: stringify(kubeconfig()) };
  const cfg = resolveKubeconfig([first, second]);
  assert.equal(cfg.server, 'https://first');
  assert.equal(cfg.cert, pki.clientCert);
});

test('missing pieces and exec plugins are explained', () => {
  const path = join(dir, 'c');
  assert.throws(
    () => resolveKubeconfig([{ path, text: stringify(kubeconfig({ 'current-context': '' })) }]),
    /no current-context/,
  );
  assert.throws(
    () => resolveKubeconfig([{ path, text: stringify(kubeconfig()) }], 'nope'),
    /context "nope" not found/,
  );
  const exec = kubeconfig({ users: [{ name: 'admin', user: { exec: { command: 'aws' } } }] });
  assert.throws(() => resolveKubeconfig([{ path, text: stringify(exec) }]), /exec\/auth-provider/);
});

test('in-cluster config reads the service account mount and the service env', () => {
  const sa = join(dir, 'sa');
  mkdirSync(sa);
  writeFileSync(join(sa, 'token'), 'sa-token');
  writeFileSync(join(sa, 'ca.crt'), pki.caCert);
  writeFileSync(join(sa, 'namespace'), 'kube-system');
  const cfg = inClusterConfig({ KUBERNETES_SERVICE_HOST: '10.43.0.1', KUBERNETES_SERVICE_PORT: '443' }, sa);
  assert.deepEqual(cfg, {
    server: 'https://10.43.0.1:443',
    tokenFile: join(sa, 'token'),
    ca: pki.caCert,
    namespace: 'kube-system',
  });
  assert.equal(
    inClusterConfig({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, sa).server,
    'https://[fd00::1]:443',
  );
  assert.throws(() => inClusterConfig({}, sa), /KUBERNETES_SERVICE_HOST/);
});

async function tlsServer(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; url: string }> {
  const server = createServer(
    {
      key: pki.serverKey,
      cert: pki.serverCert,
      ca: pki.caCert,
      requestCert: true,
      rejectUnauthorized: false,
    },
    handler,
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, url: `https://127.0.0.1:${port}` };
}

test('the HTTPS transport verifies the server, presents the client certificate and the token, and streams watches', async (t) => {
  const seen: { cn: string | undefined; auth: string | undefined; url: string }[] = [];
  const { server, url } = await tlsServer((req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({ cn: String(peer?.subject?.CN), auth: req.headers.authorization, url: req.url ?? '' });
    if (req.url?.includes('watch=true')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(
        `${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'n1', resourceVersion: '5' } } })}\n`,
      );
      setTimeout(
        () =>
          res.end(
            `${JSON.stringify({ type: 'DELETED', object: { metadata: { name: 'n1', resourceVersion: '6' } } })}\n`,
          ),
        20,
      );
      return;
    }
    if (req.url?.startsWith('/api/v1/nodes/missing')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: 'nodes "missing" not found',
          details: { name: 'missing', kind: 'nodes' },
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ metadata: { name: 'n1' } }));
  });
  const cfg = resolveKubeconfig([{ path: join(dir, 'k'), text: stringify(kubeconfig()) }]);
  const fetch = fetchFromKubeconfig({ ...cfg, server: url, token: 'sekret' });
  t.after(async () => {
    await fetch.close();
    server.close();
  });
  const client = new Client({ fetch, server: url });
  const nodes = client.resource(NODES);
  assert.equal((await nodes.get('n1')).metadata?.name, 'n1');
  assert.equal(seen[0]!.cn, 'admin');
  assert.equal(seen[0]!.auth, 'Bearer sekret');

  const e = await nodes.get('missing').catch((x: unknown) => x);
  assert.ok(e instanceof StatusError);
  assert.equal(e.reason, 'NotFound');
  assert.deepEqual(e.details, { name: 'missing', kind: 'nodes' });

  const events: string[] = [];
  for await (const ev of await nodes.watch({ resourceVersion: '4' })) events.push(ev.type);
  assert.deepEqual(events, ['ADDED', 'DELETED']);

  // Many concurrent requests share the keep-alive pool.
  const many = await Promise.all(Array.from({ length: 200 }, () => nodes.get('n1')));
  assert.equal(many.length, 200);
});

test('a server certificate from another CA is refused', async (t) => {
  const other = makeTestPki();
  const { server, url } = await tlsServer((_req, res) => res.end('{}'));
  const fetch = fetchFromKubeconfig({ server: url, ca: other.caCert, namespace: 'default' });
  t.after(async () => {
    await fetch.close();
    server.close();
  });
  await assert.rejects(new Client({ fetch, server: url }).resource(NODES).get('n1'));
});
