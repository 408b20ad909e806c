// The real kubectl 1.32 against our OpenAPI documents (and protobuf decoding), through a loopback
// server that answers discovery and OpenAPI (kubectl-harness.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeProtobufObject } from '../protobuf/index.ts';
import { type Harness, startHarness } from './kubectl-harness.ts';
import type { ApiResourceDescription } from './resources.ts';
import { servedResources } from './served-resources.test-fixture.ts';
import { OpenAPIService } from './service.ts';

const cronTabs: ApiResourceDescription = {
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  resource: 'crontabs',
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  schema: {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        description: 'What the cron tab runs.',
        properties: {
          cronSpec: { type: 'string', description: 'When to run, in cron syntax.' },
          replicas: { type: 'integer' },
        },
      },
    },
  },
};
const resources = [...servedResources, cronTabs];
let harness: Harness;

before(async () => {
  harness = await startHarness(resources, new OpenAPIService(resources, { serverVersion: 'v1.32.4-kts.1' }));
});
after(async () => {
  await harness?.close();
});

test('kubectl explain reads the v3 documents', async () => {
  const strategy = await harness.kubectl(['explain', 'deployment.spec.strategy']);
  assert.equal(strategy.code, 0, strategy.stderr);
  assert.match(
    strategy.stdout,
    /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: strategy <DeploymentStrategy>/,
  );
  assert.match(strategy.stdout, /rollingUpdate\t<RollingUpdateDeployment>/);
  assert.match(strategy.stdout, /type\t<string>\n {2}enum: Recreate, RollingUpdate/);
  const limits = await harness.kubectl(['explain', 'pods.spec.containers.resources.limits']);
  assert.equal(limits.code, 0, limits.stderr);
  assert.match(limits.stdout, /FIELD: limits <map\[string\]Quantity>/);
  const recursive = await harness.kubectl(['explain', 'svc.spec', '--recursive']);
  assert.equal(recursive.code, 0, recursive.stderr);
  assert.match(recursive.stdout, /ports\t<\[\]ServicePort>\n\s+appProtocol\t<string>/);
  const custom = await harness.kubectl(['explain', 'crontabs.spec']);
  assert.equal(custom.code, 0, custom.stderr);
  assert.match(custom.stdout, /GROUP:\s+stable\.example\.com\nKIND:\s+CronTab/);
  assert.match(custom.stdout, /cronSpec\t<string>\n\s+When to run, in cron syntax\./);
});

test('create -f and apply ask for strict field validation because PATCH declares it', async () => {
  const manifest = (name: string) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
  for (const [args, manager, name] of [
    [['create', '-f', '-'], 'kubectl-create', 'created'],
    [['apply', '-f', '-'], 'kubectl-client-side-apply', 'applied'],
  ] as const) {
    const from = harness.requests.length;
    const result = await harness.kubectl([...args], manifest(name));
    assert.equal(result.code, 0, result.stderr);
    const post = harness.requests.slice(from).find((r) => r.method === 'POST');
    assert.equal(
      post?.url,
      `/apis/apps/v1/namespaces/default/deployments?fieldManager=${manager}&fieldValidation=Strict`,
    );
  }
});

test('protobuf bodies kubectl sends right now decode to what it prints with --dry-run=client -o json', async () => {
  const commands = [
    ['create', 'deployment', 'live', '--image=nginx:1.27', '--replicas=2', '--port=8080'],
    ['create', 'configmap', 'live', '--from-literal=a=b'],
    ['create', 'role', 'live', '--verb=get', '--resource=pods'],
    ['create', 'service', 'nodeport', 'live', '--tcp=80:8080'],
  ];
  for (const args of commands) {
    const from = harness.requests.length;
    const created = await harness.kubectl(args);
    assert.equal(created.code, 0, created.stderr);
    const post = harness.requests.slice(from).find((r) => r.method === 'POST');
    assert.equal(post?.contentType, 'application/vnd.kubernetes.protobuf', args.join(' '));
    const printed = await harness.kubectl([...args, '--dry-run=client', '-o', 'json']);
    assert.equal(printed.code, 0, printed.stderr);
    assert.deepEqual(decodeProtobufObject(post!.body).object, JSON.parse(printed.stdout), args.join(' '));
  }
});

test('kubectl edit patches with strict field validation', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-edit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const editor = join(dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nsed -i "s/image: busybox$/image: busybox:1.36/" "$1"\n', { mode: 0o755 });
  const created = await harness.kubectl(['create', 'deployment', 'edited', '--image=busybox']);
  assert.equal(created.code, 0, created.stderr);
  const from = harness.requests.length;
  const edited = await harness.kubectl(['edit', 'deployment', 'edited'], undefined, { KUBE_EDITOR: editor });
  assert.equal(edited.code, 0, edited.stderr);
  const patch = harness.requests.slice(from).find((r) => r.method === 'PATCH');
  assert.equal(
    patch?.url,
    '/apis/apps/v1/namespaces/default/deployments/edited?fieldManager=kubectl-edit&fieldValidation=Strict',
  );
  assert.equal(patch?.contentType, 'application/strategic-merge-patch+json');
  assert.match(patch!.body.toString(), /"image":"busybox:1.36"/);
});
