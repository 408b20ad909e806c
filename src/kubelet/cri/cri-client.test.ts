// CriClient against a small gRPC server speaking the same schema: checks the encoding of what we
// send (env values as bytes, enums, int64), the decoding of answers and the error mapping. The
// real runtime is exercised by test/kubelet-cri.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { CriClient, criTarget, loadCriPackage } from './cri-client.ts';
import { CriError, isDeadlineExceeded, isNotFound, isUnavailable } from './cri-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'kts-cri-'));
const socket = join(dir, 'fake.sock');
const server = new grpc.Server();
const seen: Record<string, any> = {};

before(async () => {
  const v1 = (loadCriPackage().runtime as grpc.GrpcObject).v1 as grpc.GrpcObject;
  const runtime = v1.RuntimeService as grpc.ServiceClientConstructor;
  const image = v1.ImageService as grpc.ServiceClientConstructor;
  server.addService(runtime.service, {
    Version: (_call: any, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '1.0', runtimeApiVersion: 'v1' }),
    CreateContainer: (call: any, cb: grpc.sendUnaryData<unknown>) => {
      seen.createContainer = call.request;
      cb(null, { containerId: 'c1' });
    },
    ContainerStatus: (call: any, cb: grpc.sendUnaryData<unknown>) => {
      if (call.request.containerId !== 'c1') {
        cb({
          code: grpc.status.NOT_FOUND,
          details: `an error occurred when try to find container "${call.request.containerId}"`,
        });
        return;
      }
      cb(null, {
        status: {
          id: 'c1',
          state: 'CONTAINER_EXITED',
          createdAt: 1_700_000_000_123_456_000,
          exitCode: 137,
          reason: 'OOMKilled',
        },
      });
    },
    ListPodSandbox: (call: any, cb: grpc.sendUnaryData<unknown>) => {
      seen.listPodSandbox = call.request;
      cb(null, { items: [{ id: 's1', state: 'SANDBOX_READY', labels: { a: 'b' } }] });
    },
    // Never answers: the client's deadline must fire.
    StopContainer: () => {},
  });
  server.addService(image.service, {
    ImageStatus: (_call: any, cb: grpc.sendUnaryData<unknown>) => cb(null, {}),
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
});

after(() => {
  server.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('criTarget accepts unix URLs and bare paths, refuses others', () => {
  assert.equal(criTarget('/run/x.sock'), 'unix:///run/x.sock');
  assert.equal(criTarget('unix:///run/x.sock'), 'unix:///run/x.sock');
  assert.throws(() => criTarget('tcp://1.2.3.4:5'), /unsupported CRI endpoint/);
});

test('version, list and status decode with defaults and enum names', async () => {
  const cri = new CriClient(socket);
  try {
    const v = await cri.version();
    assert.equal(v.runtimeName, 'fake');
    const sandboxes = await cri.listPodSandbox({
      labelSelector: { app: 'x' },
      state: { state: 'SANDBOX_READY' },
    });
    assert.equal(sandboxes.length, 1);
    assert.equal(sandboxes[0]!.state, 'SANDBOX_READY');
    assert.deepEqual(sandboxes[0]!.labels, { a: 'b' });
    assert.equal(sandboxes[0]!.metadata, null);
    assert.deepEqual(seen.listPodSandbox.filter.labelSelector, { app: 'x' });
    const st = await cri.containerStatus('c1');
    assert.equal(st.status?.state, 'CONTAINER_EXITED');
    assert.equal(st.status?.exitCode, 137);
    assert.equal(st.status?.reason, 'OOMKilled');
    assert.equal(Math.round(st.status!.createdAt / 1e6), 1_700_000_000_123);
    assert.equal(st.status?.startedAt, 0);
    assert.equal(await cri.imageStatus({ image: 'nope' }), null);
  } finally {
    cri.close();
  }
});

test('env values travel as UTF-8 bytes, not base64', async () => {
  const cri = new CriClient(socket);
  try {
    const id = await cri.createContainer(
      's1',
      {
        metadata: { name: 'app', attempt: 2 },
        image: { image: 'kts.local/busybox:1' },
        envs: [{ key: 'GREETING', value: 'héllo wörld' }],
        linux: { resources: { memoryLimitInBytes: 64 * 1024 * 1024, cpuShares: 102 } },
      },
      { metadata: { name: 'p', uid: 'u', namespace: 'default' } },
    );
    assert.equal(id, 'c1');
    const req = seen.createContainer;
    assert.equal(Buffer.from(req.config.envs[0].value).toString('utf8'), 'héllo wörld');
    assert.equal(req.config.metadata.attempt, 2);
    assert.equal(req.config.linux.resources.memoryLimitInBytes, 64 * 1024 * 1024);
    assert.equal(req.sandboxConfig.metadata.namespace, 'default');
  } finally {
    cri.close();
  }
});

test('errors carry the method and the gRPC status', async () => {
  const cri = new CriClient(socket);
  try {
    await assert.rejects(cri.containerStatus('missing'), (err: unknown) => {
      assert.ok(err instanceof CriError);
      assert.ok(isNotFound(err));
      assert.equal(err.method, 'ContainerStatus');
      assert.match(err.message, /CRI ContainerStatus failed: NOT_FOUND: .*missing/);
      return true;
    });
    // Unimplemented on the fake server.
    await assert.rejects(
      cri.status(),
      (err: unknown) => err instanceof CriError && err.codeName === 'UNIMPLEMENTED',
    );
  } finally {
    cri.close();
  }
});

test('a runtime that does not answer hits the deadline', async () => {
  const cri = new CriClient(socket, { timeoutMs: 300 });
  try {
    await assert.rejects(cri.stopContainer('c1', 0), (err: unknown) => isDeadlineExceeded(err));
  } finally {
    cri.close();
  }
});

test('a missing socket is UNAVAILABLE, and waitForReady gives up', async () => {
  const cri = new CriClient(join(dir, 'absent.sock'), { timeoutMs: 5000 });
  try {
    await assert.rejects(cri.version(), (err: unknown) => isUnavailable(err));
    await assert.rejects(cri.waitForReady(200), /absent\.sock/);
  } finally {
    cri.close();
  }
});
