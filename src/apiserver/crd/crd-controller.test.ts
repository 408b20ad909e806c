// The CRD controller and custom resource serving, in process: an ApiServer over a real SQLite
// store, driven through `handle(Request)` as HTTP requests would be.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../storage/open-store.ts';
import type { Store } from '../../storage/store.ts';
import { ApiServer } from '../api-server.ts';

type Json = Record<string, any>;

let dir = '';
let store: Store;
let api: ApiServer;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const r = await api.handle(new Request(`http://localhost${path}`, init));
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : {}, headers: r.headers };
}

async function ok(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Json> {
  const r = await call(method, path, body, headers);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls until `check` returns a value (generous limit: only to avoid a hang). */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

function crd(plural: string, group: string, overrides: Json = {}): Json {
  const kind = overrides.kind ?? plural[0]!.toUpperCase() + plural.slice(1, -1);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: overrides.scope ?? 'Cluster',
      names: { plural, kind, ...(overrides.names ?? {}) },
      versions: overrides.versions ?? [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: overrides.schema ?? {
              type: 'object',
              properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          },
          ...(overrides.version ?? {}),
        },
      ],
      ...(overrides.conversion ? { conversion: overrides.conversion } : {}),
    },
  };
}

async function established(name: string): Promise<Json> {
  return eventually(async () => {
    const r = await call('GET', `${CRDS}/${name}`);
    const c = r.body.status?.conditions?.find((x: Json) => x.type === 'Established');
    return c?.status === 'True' ? r.body : undefined;
  }, `${name} to be established`);
}

async function createCrd(body: Json): Promise<Json> {
  await ok('POST', CRDS, body);
  return established(body.metadata.name);
}

async function deleteCrd(name: string): Promise<void> {
  await ok('DELETE', `${CRDS}/${name}`);
  await eventually(
    async () => ((await call('GET', `${CRDS}/${name}`)).status === 404 ? true : undefined),
    `${name} to go`,
  );
}

describe('custom resources served from CRDs (in process)', { timeout: 120_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kts-crd-'));
    store = await openStore(`sqlite://${join(dir, 'state.db')}`);
    api = new ApiServer({ store });
    await api.start();
  });
  after(async () => {
    await api?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses names another CRD of the group holds (NamesAccepted False, the last conflict found), and serves them once freed', async () => {
    await createCrd(crd('widgets', 'names.example.com', { kind: 'Widget' }));
    await ok('POST', CRDS, crd('gadgets', 'names.example.com', { kind: 'Widget' }));
    const name = 'gadgets.names.example.com';
    const refused = await eventually(async () => {
      const r = await call('GET', `${CRDS}/${name}`);
      return r.body.status?.conditions?.length ? r.body : undefined;
    }, 'conditions on gadgets');
    const cond = (t: string) => refused.status.conditions.find((c: Json) => c.type === t);
    assert.deepEqual(
      [cond('NamesAccepted').status, cond('NamesAccepted').reason, cond('NamesAccepted').message],
      ['False', 'ListKindConflict', '"WidgetList" is already in use'],
    );
    assert.deepEqual([cond('Established').status, cond('Established').reason], ['False', 'NotAccepted']);
    assert.equal((await call('GET', '/apis/names.example.com/v1/gadgets')).status, 404);
    await deleteCrd('widgets.names.example.com');
    await established(name);
    assert.equal((await call('GET', '/apis/names.example.com/v1/gadgets')).status, 200);
    await deleteCrd(name);
  });

  it('serves several versions: stored in the storage version, converted (None) and defaulted per version', async () => {
    const schema = (extra: Json) => ({
      openAPIV3Schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { a: { type: 'string' }, ...extra } } },
      },
    });
    await createCrd(
      crd('things', 'multi.example.com', {
        kind: 'Thing',
        versions: [
          {
            name: 'v1beta1',
            served: true,
            storage: true,
            deprecated: true,
            schema: schema({ old: { type: 'string', default: 'o' } }),
          },
          {
            name: 'v1',
            served: true,
            storage: false,
            schema: schema({ fresh: { type: 'string', default: 'f' } }),
          },
        ],
      }),
    );
    const group = await ok('GET', '/apis/multi.example.com');
    assert.deepEqual(group.preferredVersion, { groupVersion: 'multi.example.com/v1', version: 'v1' });
    assert.deepEqual(
      group.versions.map((v: Json) => v.version),
      ['v1', 'v1beta1'],
    );
    const created = await ok('POST', '/apis/multi.example.com/v1/things', {
      apiVersion: 'multi.example.com/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      spec: { a: 'x' },
    });
    assert.equal(created.apiVersion, 'multi.example.com/v1');
    // Each version's schema prunes and defaults its own view (upstream's codec on decode and read).
    assert.deepEqual(created.spec, { a: 'x', fresh: 'f' });
    const raw = await store.get('/registry/multi.example.com/things/t');
    assert.equal(JSON.parse(new TextDecoder().decode(raw!.value)).apiVersion, 'multi.example.com/v1beta1');
    const deprecated = await call('GET', '/apis/multi.example.com/v1beta1/things/t');
    assert.equal(
      deprecated.headers.get('warning'),
      '299 - "multi.example.com/v1beta1 Thing is deprecated; use multi.example.com/v1 Thing"',
    );
    const old = deprecated.body;
    assert.equal(old.apiVersion, 'multi.example.com/v1beta1');
    assert.deepEqual(old.spec, { a: 'x', old: 'o' });
    await deleteCrd('things.multi.example.com');
  });

  it('follows a change of storage version: old objects are read in any version and move on when written', async () => {
    const name = 'movers.storage.example.com';
    const open = {
      openAPIV3Schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { n: { type: 'integer' } } } },
      },
    };
    const v1 = { name: 'v1', served: true, storage: true, schema: open, subresources: { status: {} } };
    await createCrd(crd('movers', 'storage.example.com', { kind: 'Mover', versions: [v1] }));
    await ok('POST', '/apis/storage.example.com/v1/movers', {
      apiVersion: 'storage.example.com/v1',
      kind: 'Mover',
      metadata: { name: 'm' },
      spec: { n: 1 },
    });
    const current = await ok('GET', `${CRDS}/${name}`);
    current.spec.versions = [
      { ...v1, storage: false },
      { ...v1, name: 'v2', storage: true },
    ];
    const updated = await ok('PUT', `${CRDS}/${name}`, current);
    assert.deepEqual(updated.status.storedVersions, ['v1', 'v2']);
    const read = await eventually(async () => {
      const r = await call('GET', '/apis/storage.example.com/v2/movers/m');
      return r.status === 200 ? r.body : undefined;
    }, 'v2 to be served');
    assert.equal(read.apiVersion, 'storage.example.com/v2');
    const stored = async () =>
      JSON.parse(new TextDecoder().decode((await store.get('/registry/storage.example.com/movers/m'))!.value))
        .apiVersion;
    assert.equal(await stored(), 'storage.example.com/v1');
    await ok(
      'PATCH',
      '/apis/storage.example.com/v1/movers/m/status',
      { status: { ok: true } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(await stored(), 'storage.example.com/v2');
    await deleteCrd(name);
  });

  it('answers a clear error when another version needs a conversion webhook', async () => {
    const versions = [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
      {
        name: 'v2',
        served: true,
        storage: false,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ];
    const conversion = {
      strategy: 'Webhook',
      webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://127.0.0.1:1/convert' } },
    };
    await createCrd(crd('hooks', 'webhook.example.com', { kind: 'Hook', versions, conversion }));
    await ok('POST', '/apis/webhook.example.com/v1/hooks', {
      apiVersion: 'webhook.example.com/v1',
      kind: 'Hook',
      metadata: { name: 'h' },
    });
    assert.equal((await call('GET', '/apis/webhook.example.com/v1/hooks/h')).status, 200);
    const r = await call('GET', '/apis/webhook.example.com/v2/hooks/h');
    assert.equal(r.status, 500);
    assert.match(
      r.body.message,
      /^Internal error occurred: conversion webhook for webhook\.example\.com\/v1, Kind=Hook failed: conversion webhooks are not supported/,
    );
    await deleteCrd('hooks.webhook.example.com');
  });

  it('prunes and defaults stored objects on read when the schema changes', async () => {
    const name = 'evolvings.evolve.example.com';
    await createCrd(
      crd('evolvings', 'evolve.example.com', {
        kind: 'Evolving',
        schema: {
          type: 'object',
          properties: {
            spec: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } },
          },
        },
      }),
    );
    await ok('POST', '/apis/evolve.example.com/v1/evolvings', {
      apiVersion: 'evolve.example.com/v1',
      kind: 'Evolving',
      metadata: { name: 'e' },
      spec: { a: 'x', b: 'y' },
    });
    const current = await ok('GET', `${CRDS}/${name}`);
    current.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties = {
      a: { type: 'string' },
      c: { type: 'string', default: 'dc' },
    };
    await ok('PUT', `${CRDS}/${name}`, current);
    const read = await eventually(async () => {
      const r = await call('GET', '/apis/evolve.example.com/v1/evolvings/e');
      return r.body.spec?.c ? r.body : undefined;
    }, 'the new schema');
    assert.deepEqual(read.spec, { a: 'x', c: 'dc' });
    await deleteCrd(name);
  });

  it('lists with selectable fields, printer tables, generation and embedded-resource checks', async () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            color: { type: 'string' },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      },
    };
    await createCrd(
      crd('paints', 'fields.example.com', {
        kind: 'Paint',
        schema,
        version: { selectableFields: [{ jsonPath: '.spec.color' }] },
      }),
    );
    const base = '/apis/fields.example.com/v1/paints';
    for (const [n, color] of [
      ['red1', 'red'],
      ['blue1', 'blue'],
    ] as const) {
      await ok('POST', base, {
        apiVersion: 'fields.example.com/v1',
        kind: 'Paint',
        metadata: { name: n },
        spec: { color },
      });
    }
    const reds = await ok('GET', `${base}?fieldSelector=spec.color%3Dred`);
    assert.deepEqual(
      reds.items.map((i: Json) => i.metadata.name),
      ['red1'],
    );
    const bad = await call('GET', `${base}?fieldSelector=spec.shade%3Dred`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'field label not supported: spec.shade');

    const table = await ok('GET', base, undefined, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    assert.deepEqual(
      table.columnDefinitions.map((c: Json) => [c.name, c.type]),
      [
        ['Name', 'string'],
        ['Age', 'date'],
      ],
    );
    assert.match(table.rows[0].cells[1], /^\d+s$/);

    const labeled = await ok(
      'PATCH',
      `${base}/red1`,
      { metadata: { labels: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(labeled.metadata.generation, 1);
    const changed = await ok(
      'PATCH',
      `${base}/red1`,
      { spec: { color: 'pink' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(changed.metadata.generation, 2);

    const embedded = await call('POST', base, {
      apiVersion: 'fields.example.com/v1',
      kind: 'Paint',
      metadata: { name: 'emb' },
      spec: { template: { kind: 'Pod' } },
    });
    assert.equal(embedded.status, 422);
    assert.equal(
      embedded.body.message,
      'Paint.fields.example.com "emb" is invalid: spec.template.apiVersion: Required value: must not be empty',
    );
    await deleteCrd('paints.fields.example.com');
  });

  it('keeps a CRD terminating while its custom resources have finalizers, refusing creates meanwhile', async () => {
    const name = 'holds.finalize.example.com';
    await createCrd(crd('holds', 'finalize.example.com', { kind: 'Hold', scope: 'Namespaced' }));
    await ok('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'held' },
    });
    const base = '/apis/finalize.example.com/v1/namespaces/held/holds';
    await ok('POST', base, {
      apiVersion: 'finalize.example.com/v1',
      kind: 'Hold',
      metadata: { name: 'h', finalizers: ['example.com/hold'] },
    });
    const deleting = await ok('DELETE', `${CRDS}/${name}`);
    assert.deepEqual(deleting.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    assert.equal(
      deleting.status.conditions.find((c: Json) => c.type === 'Terminating').reason,
      'InstanceDeletionPending',
    );
    await eventually(async () => {
      const r = await call('GET', `${base}/h`);
      return r.body.metadata?.deletionTimestamp ? true : undefined;
    }, 'the hold to be marked for deletion');
    const refused = await call('POST', base, {
      apiVersion: 'finalize.example.com/v1',
      kind: 'Hold',
      metadata: { name: 'late' },
    });
    assert.equal(refused.status, 405);
    assert.equal(refused.body.message, 'create not allowed while custom resource definition is terminating');
    const terminating = await ok('GET', `${CRDS}/${name}`);
    assert.equal(
      terminating.status.conditions.find((c: Json) => c.type === 'Terminating').reason,
      'InstanceDeletionInProgress',
    );
    await ok(
      'PATCH',
      `${base}/h`,
      { metadata: { finalizers: null } },
      { 'content-type': 'application/merge-patch+json' },
    );
    await eventually(
      async () => ((await call('GET', `${CRDS}/${name}`)).status === 404 ? true : undefined),
      'the CRD to go',
    );
    assert.equal((await call('GET', base)).status, 404);
  });
});
