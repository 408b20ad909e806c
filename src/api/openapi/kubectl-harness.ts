// Test scaffolding: a loopback HTTP server that answers what kubectl 1.32 asks before it acts
// (version, discovery, OpenAPI from an OpenAPIService) and records every request, so tests can
// run the real kubectl against our documents. Not part of the API server.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtobufObject } from '../protobuf/index.ts';
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
  kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
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
      if (path === '/openapi/v3') return send(200, openapi.v3Index().json);
      if (path.startsWith('/openapi/v3/')) {
        const doc = openapi.v3Document(path.slice('/openapi/v3/'.length));
        return doc ? send(200, doc.json) : send(404, { kind: 'Status', code: 404 });
      }
      if (path === '/openapi/v2') return send(200, openapi.v2Document().json);
      if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
        // Echo the created object (protobuf bodies through our decoder) so kubectl can print it.
        const type = req.headers['content-type'] ?? '';
        if (req.method !== 'PATCH' && type.includes('protobuf'))
          return send(201, decodeProtobufObject(body).object);
        if (req.method !== 'PATCH' && type.includes('json')) return send(201, body.toString());
        return send(201, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
      }
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
    kubectl(args, stdin) {
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          ['--server', url, '--cache-dir', cacheDir, ...args],
          { timeout: 60_000, env: { ...process.env, KUBECONFIG: '/dev/null' } },
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
