// The probes against real servers on loopback (the only addresses a unit test may use).
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { CriClient } from '../cri/cri-client.ts';
import { runProbe } from './prober.ts';

let httpPort = 0;
let grpcPort = 0;
let closedPort = 0;
const http = createHttpServer((req, res) => {
  if (req.url === '/healthz') res.writeHead(200).end('ok');
  else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2000);
  else res.writeHead(500).end('broken');
});
const grpcServer = new grpc.Server();
let serving = 1;

before(async () => {
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpPort = (http.address() as { port: number }).port;
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  grpcServer.addService(
    {
      Check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    { Check: (_call: unknown, cb: (e: null, r: Buffer) => void) => cb(null, Buffer.from([0x08, serving])) },
  );
  grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
});

after(async () => {
  http.closeAllConnections();
  await new Promise<void>((r) => http.close(() => r()));
  grpcServer.forceShutdown();
});

const target = {
  cri: {} as CriClient,
  container: { name: 'c', ports: [{ name: 'web', containerPort: 0 }] },
  containerId: 'id',
  podIP: '127.0.0.1',
  policy: { hostIPs: [] },
};

test('httpGet: 2xx/3xx pass; other codes, refusals and timeouts fail with upstream texts', async () => {
  assert.equal((await runProbe(target, { httpGet: { path: '/healthz', port: httpPort } })).result, 'success');
  assert.deepEqual(await runProbe(target, { httpGet: { path: '/', port: httpPort } }), {
    result: 'failure',
    output: 'HTTP probe failed with statuscode: 500',
  });
  const refused = await runProbe(target, { httpGet: { path: '/', port: closedPort } });
  assert.equal(
    refused.output,
    `Get "http://127.0.0.1:${closedPort}/": dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
  );
  const slow = await runProbe(target, { httpGet: { path: '/slow', port: httpPort }, timeoutSeconds: 1 });
  assert.match(slow.output, /context deadline exceeded \(Client\.Timeout exceeded while awaiting headers\)$/);
});

test('tcpSocket connects or fails as Go dials', async () => {
  assert.equal((await runProbe(target, { tcpSocket: { port: httpPort } })).result, 'success');
  assert.equal(
    (await runProbe(target, { tcpSocket: { port: closedPort } })).output,
    `dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
  );
});

test('grpc: the standard health check', async () => {
  serving = 1;
  assert.equal((await runProbe(target, { grpc: { port: grpcPort } })).result, 'success');
  serving = 2;
  assert.deepEqual(await runProbe(target, { grpc: { port: grpcPort } }), {
    result: 'failure',
    output: 'service unhealthy (responded with "NOT_SERVING")',
  });
});

test('hosts off this node are never dialled', async () => {
  const r = await runProbe({ ...target, podIP: '10.1.2.3' }, { tcpSocket: { port: 80 } });
  assert.equal(r.result, 'failure');
  assert.match(r.output, /refusing to connect to 10\.1\.2\.3/);
  const named = await runProbe(target, { httpGet: { host: '203.0.113.9', path: '/', port: 80 } });
  assert.match(named.output, /refusing to connect to 203\.0\.113\.9/);
});
