// Test scaffolding: a loopback HTTP server that answers what kubectl 1.32 asks before it acts
// (version, discovery, OpenAPI from an OpenAPIService) and records every request, so tests can
// run the real kubectl against our documents. Not part of the API server.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtobufObject } from '../protobuf/index.ts';
import { answerOpenAPI } from './http.ts';
import type { ApiResourceDescription } from './resources.ts';
import type { OpenAPIService } from './service.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

export interface Harness {
  url: string;
  requests: RecordedRequest[];
  kubectl(
    args: string[],
    stdin?: string,
    env?: Record<string, string>,
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

const SHORT_NAMES: Record<string, string[]> = {
  deployments: ['deploy'],
  services: ['svc'],
  pods: ['po'],
  configmaps: ['cm'],
};

function apiResourceLists(resources: readonly ApiResourceDescription[]) {
  const lists = new Map<string, { groupVersion: string; resources: unknown[] }>();
  for (const r of resources) {
    const gv = r.group ? `${r.group}/${r.version}` : r.version;
    const list = lists.get(gv) ?? { groupVersion: gv, resources: [] };
    list.resources.push({
      name: r.resource,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs].sort(),
      ...(SHORT_NAMES[r.resource] ? { shortNames: SHORT_NAMES[r.resource] } : {}),
    });
    if (r.subresources?.status)
      list.resources.push({
        name: `${r.resource}/status`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'patch', 'update'],
      });
    lists.set(gv, list);
  }
  return lists;
}

export async function startHarness(
  resources: readonly ApiResourceDescription[],
  openapi: OpenAPIService,
): Promise<Harness> {
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, Record<string, unknown>>();
  const lists = apiResourceLists(resources);
  const groups = new Map<string, string[]>();
  for (const r of resources)
    if (r.group) groups.set(r.group, [...new Set([...(groups.get(r.group) ?? []), r.version])]);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body,
      });
      const send = (code: number, value: unknown, contentType = 'application/json') => {
        res.writeHead(code, { 'content-type': contentType });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      const path = url.pathname;
      if (path === '/version')
        return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.4-kts.1', platform: 'linux/amd64' });
      if (path === '/api')
        return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
      if (path === '/apis') {
        return send(200, {
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: [...groups].map(([name, versions]) => ({
            name,
            versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
            preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
          })),
        });
      }
      const gv = path === '/api/v1' ? 'v1' : /^\/apis\/([^/]+\/[^/]+)$/.exec(path)?.[1];
      if (gv && lists.has(gv))
        return send(200, { kind: 'APIResourceList', apiVersion: 'v1', ...lists.get(gv) });
      const answer = answerOpenAPI(openapi, {
        path,
        hash: url.searchParams.get('hash'),
        accept: req.headers.accept,
        ifNoneMatch: req.headers['if-none-match'],
        now: new Date(),
      });
      if (answer) {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      if (req.method === 'POST') {
        // Keep the created object (protobuf bodies through our decoder) and echo it, so kubectl can print it.
        const type = req.headers['content-type'] ?? '';
        const object = type.includes('protobuf')
          ? decodeProtobufObject(body).object
          : JSON.parse(body.toString());
        const name = (object.metadata as { name?: string } | undefined)?.name;
        if (name) objects.set(`${path}/${name}`, object);
        return send(201, object);
      }
      if (req.method === 'PUT' || req.method === 'PATCH') {
        // Patches are recorded, not applied: answer with the stored object.
        const stored = objects.get(path);
        return stored
          ? send(200, stored)
          : send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
      }
      if (req.method === 'GET' && objects.has(path)) return send(200, objects.get(path));
      return send(404, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'not found',
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cacheDir = mkdtempSync(join(tmpdir(), 'kts-kubectl-cache-'));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    kubectl(args, stdin, env) {
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          ['--server', url, '--cache-dir', cacheDir, ...args],
          { timeout: 60_000, env: { ...process.env, KUBECONFIG: '/dev/null', ...env } },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        if (stdin !== undefined) child.stdin?.end(stdin);
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
