// Bad input, sent with plain fetch where kubectl would refuse to send it: each request gets the
// Status upstream answers (code, reason, message, details and causes with field paths) and the
// store does not change (same objects, same resourceVersions, same list revision). The expired
// cases need a compacted store, which a running server reaches only after minutes: they run
// against an in-process ApiServer whose test compacts its store explicitly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiServer } from '../src/apiserver/api-server.ts';
import { openStore } from '../src/storage/open-store.ts';
import type { Store } from '../src/storage/store.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

type Send = (
  method: string,
  path: string,
  options?: { body?: string | Uint8Array; type?: string; accept?: string },
) => Promise<Answer>;

/** Requests to `base` over HTTP (a real server) or through `handle` (an in-process one). */
function sender(target: string | ((request: Request) => Promise<Response>)): Send {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    const init = { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) };
    const response =
      typeof target === 'string'
        ? await fetch(`${target}${path}`, init)
        : await target(new Request(`http://kts${path}`, init));
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body };
  };
}

/** Asserts an upstream failure Status: code, reason, message and (when given) details. */
function assertStatus(
  a: Answer,
  code: number,
  reason: string,
  message: string | RegExp,
  details?: unknown,
): void {
  assert.equal(a.status, code, JSON.stringify(a.body));
  assert.equal(a.body.kind, 'Status');
  assert.equal(a.body.apiVersion, 'v1');
  assert.equal(a.body.status, 'Failure');
  assert.equal(a.body.code, code);
  assert.equal(a.body.reason, reason);
  if (typeof message === 'string') assert.equal(a.body.message, message);
  else assert.match(a.body.message, message);
  if (details !== undefined) assert.deepEqual(a.body.details, details);
}

const CM = '/api/v1/namespaces/bad/configmaps';
const json = (value: unknown) => JSON.stringify(value);
const configMap = (name: string, extra: Record<string, unknown> = {}) =>
  json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra });

describe('bad input against a kts server: upstream Status, store unchanged', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let send: Send;
  let existing: any;
  /** Every ConfigMap of the namespace with its resourceVersion, and the list's revision. */
  const fingerprint = async () => {
    const list = (await send('GET', CM)).body;
    return {
      revision: list.metadata.resourceVersion,
      items: list.items.map((i: any) => `${i.metadata.name}@${i.metadata.resourceVersion}`),
    };
  };
  /** Runs `bad` and checks that nothing in the store changed. */
  const unchanged = async (bad: () => Promise<void>) => {
    const before = await fingerprint();
    await bad();
    assert.deepEqual(await fingerprint(), before);
  };
  before(async () => {
    server = await startServer();
    send = sender(server.url);
    assert.equal(
      (await send('POST', '/api/v1/namespaces', { body: json({ metadata: { name: 'bad' } }) })).status,
      201,
    );
    existing = (await send('POST', CM, { body: configMap('existing') })).body;
    await send('POST', '/apis/apps/v1/namespaces/bad/deployments', {
      body: json({
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      }),
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('malformed JSON and YAML bodies: 400, with the start of the body', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('POST', CM, { body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"' }),
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Con ...)`,
      );
      assertStatus(
        await send('PUT', `${CM}/existing`, { body: '{"metadata": {"name": "existing",}}' }),
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({"metadata": {"name": "existin ...)`,
      );
      // A YAML body is summarized in hex (it does not start with '{').
      const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n';
      assertStatus(
        await send('POST', CM, { body: yaml, type: 'application/yaml' }),
        400,
        'BadRequest',
        new RegExp(
          `^the object provided is unrecognized \\(must be of type ConfigMap\\): error converting YAML to JSON: yaml: line \\d+: .+ \\(${Buffer.from(yaml.slice(0, 30)).toString('hex')} \\.\\.\\.\\)$`,
        ),
      );
      assertStatus(await send('POST', CM, { body: '' }), 400, 'BadRequest', /\(<empty>\)$/);
      assertStatus(
        await send('PATCH', `${CM}/existing`, {
          body: '{"data":',
          type: 'application/strategic-merge-patch+json',
        }),
        400,
        'BadRequest',
        'unexpected end of JSON input',
      );
      assertStatus(
        await send('PATCH', `${CM}/existing`, { body: '{"data":', type: 'application/merge-patch+json' }),
        400,
        'BadRequest',
        'error decoding patch: unexpected end of JSON input',
      );
      assertStatus(
        await send('PATCH', `${CM}/existing?fieldValidation=Ignore`, {
          body: '{"data":',
          type: 'application/merge-patch+json',
        }),
        400,
        'BadRequest',
        'Invalid JSON Patch',
      );
      assertStatus(
        await send('PATCH', `${CM}/existing`, { body: '{"op":"add"}', type: 'application/json-patch+json' }),
        400,
        'BadRequest',
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
      );
    });
  });

  it('unknown and duplicate fields: 400 under Strict, warnings under Warn, nothing under Ignore', async () => {
    const body =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict"},"bogus":1,"data":{"a":"1"},"data":{"b":"2"}}';
    await unchanged(async () => {
      assertStatus(
        await send('POST', `${CM}?fieldValidation=Strict`, { body }),
        400,
        'BadRequest',
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus", duplicate field "data"',
      );
      const warned = await send('POST', `${CM}?fieldValidation=Warn&dryRun=All`, { body });
      assert.equal(warned.status, 201);
      assert.equal(
        warned.headers.get('warning'),
        '299 - "unknown field \\"bogus\\"", 299 - "duplicate field \\"data\\""',
      );
      // The later duplicate wins, as Go's decoder keeps the last value.
      assert.deepEqual(warned.body.data, { b: '2' });
      // The unknown field is dropped, as decoding into the Go type drops it.
      assert.equal('bogus' in warned.body, false);
      const ignored = await send('POST', `${CM}?fieldValidation=Ignore&dryRun=All`, { body });
      assert.equal(ignored.status, 201);
      assert.equal(ignored.headers.get('warning'), null);
      assert.equal('bogus' in ignored.body, false);
      // Without the parameter the server warns (its default is Warn).
      assert.match(
        (await send('POST', `${CM}?dryRun=All`, { body })).headers.get('warning') ?? '',
        /unknown field/,
      );
      // An unknown field that a patch brings in: upstream's patcher reports the patched object.
      const patched = await send('PATCH', `${CM}/existing?fieldValidation=Strict`, {
        body: '{"data":{"a":"2"},"spec":{"x":1}}',
        type: 'application/merge-patch+json',
      });
      assertStatus(
        patched,
        422,
        'Invalid',
        /^ "" is invalid: patch: Invalid value: "\{.*\}": strict decoding error: unknown field "spec"$/,
      );
      const cause = patched.body.details.causes[0];
      assert.equal(cause.field, 'patch');
      const shown = JSON.parse(JSON.parse(/^Invalid value: ("\{.*\}"): strict/.exec(cause.message)![1]!));
      assert.deepEqual([shown.data, shown.spec, shown.metadata.name], [{ a: '2' }, { x: 1 }, 'existing']);
    });
  });

  it('unknown fields of a built-in kind are dropped, not stored, under Warn and Ignore', async () => {
    const created = await send('POST', `${CM}?fieldValidation=Ignore`, {
      body: configMap('loose', { extra: { y: 2 }, metadata: { name: 'loose', bogus: 1 } }),
    });
    assert.equal(created.status, 201);
    const patched = await send('PATCH', `${CM}/loose?fieldValidation=Warn`, {
      body: '{"data":{"b":"2"},"more":1}',
      type: 'application/merge-patch+json',
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.headers.get('warning'), '299 - "unknown field \\"more\\""');
    const stored = (await send('GET', `${CM}/loose`)).body;
    assert.deepEqual(Object.keys(stored).sort(), ['apiVersion', 'data', 'kind', 'metadata']);
    assert.equal('bogus' in stored.metadata, false);
    assert.deepEqual(stored.data, { a: '1', b: '2' });
    // Nothing unknown is left to warn about in a later patch.
    const again = await send('PATCH', `${CM}/loose?fieldValidation=Warn`, {
      body: '{"data":{"c":"3"}}',
      type: 'application/merge-patch+json',
    });
    assert.equal(again.headers.get('warning'), null);
    await send('DELETE', `${CM}/loose`);
  });

  it('invalid names, labels and annotations: 422 with a cause per field', async () => {
    await unchanged(async () => {
      const a = await send('POST', CM, {
        body: json({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'Bad_Name',
            labels: { 'a/b/c': 'x', ok: '-v-' },
            annotations: { 'bad key': 'v' },
          },
        }),
      });
      assert.equal(a.status, 422);
      assert.equal(a.body.reason, 'Invalid');
      assert.match(
        a.body.message,
        /^ConfigMap "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
      );
      assert.deepEqual(a.body.details.name, 'Bad_Name');
      assert.deepEqual(a.body.details.kind, 'ConfigMap');
      assert.equal(a.body.details.group, undefined);
      assert.deepEqual(
        a.body.details.causes.map((c: any) => [c.reason, c.field, c.message.split(':')[0]]),
        [
          ['FieldValueInvalid', 'metadata.name', 'Invalid value'],
          ['FieldValueInvalid', 'metadata.labels', 'Invalid value'],
          ['FieldValueInvalid', 'metadata.labels', 'Invalid value'],
          ['FieldValueInvalid', 'metadata.annotations', 'Invalid value'],
        ],
      );
      const deploy = await send('POST', '/apis/apps/v1/namespaces/bad/deployments', {
        body: json({
          metadata: { name: 'x' },
          spec: {
            replicas: -1,
            selector: { matchLabels: { app: 'x' } },
            template: { metadata: { labels: { app: 'y' } }, spec: { containers: [] } },
          },
        }),
      });
      assertStatus(deploy, 422, 'Invalid', /^Deployment\.apps "x" is invalid: \[/);
      assert.deepEqual(deploy.body.details.group, 'apps');
      assert.deepEqual(
        deploy.body.details.causes.map((c: any) => c.field),
        ['spec.replicas', 'spec.template.metadata.labels', 'spec.template.spec.containers'],
      );
      assertStatus(
        await send('POST', CM, {
          body: json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'UPPER-' } }),
        }),
        422,
        'Invalid',
        /^ConfigMap "UPPER-\w{5}" is invalid: \[metadata\.generateName: Invalid value: "UPPER-": a lowercase RFC 1123 subdomain.*, metadata\.name: Invalid value: "UPPER-\w{5}": a lowercase RFC 1123 subdomain/,
      );
    });
  });

  it('values of the wrong type and malformed quantities: 400 from decoding', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('POST', '/apis/apps/v1/namespaces/bad/deployments', {
          body: json({ metadata: { name: 'x' }, spec: { replicas: '3' } }),
        }),
        400,
        'BadRequest',
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      );
      assertStatus(
        await send('POST', '/api/v1/namespaces/bad/resourcequotas', {
          body: json({ metadata: { name: 'q' }, spec: { hard: { cpu: 'lots' } } }),
        }),
        400,
        'BadRequest',
        `ResourceQuota in version "v1" cannot be handled as a ResourceQuota: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      );
      assertStatus(
        await send('POST', CM, { body: json({ metadata: { name: 'x' }, data: { a: 1 } }) }),
        400,
        'BadRequest',
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
      );
    });
  });

  it('kind, apiVersion, namespace or name not matching the URL: 400', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('POST', CM, { body: json({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }) }),
        400,
        'BadRequest',
        'the kind in the data (Secret) does not match the expected kind (ConfigMap)',
      );
      assertStatus(
        await send('POST', CM, {
          body: json({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }),
        }),
        400,
        'BadRequest',
        'the API version in the data (apps/v1) does not match the expected API version (v1)',
      );
      assertStatus(
        await send('POST', CM, { body: configMap('x', { metadata: { name: 'x', namespace: 'default' } }) }),
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
      assertStatus(
        await send('PUT', `${CM}/existing`, {
          body: json({ ...existing, metadata: { ...existing.metadata, namespace: 'default' } }),
        }),
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
      assertStatus(
        await send('PUT', `${CM}/existing`, {
          body: json({ ...existing, metadata: { ...existing.metadata, name: 'other' } }),
        }),
        400,
        'BadRequest',
        'the name of the object (other) does not match the name on the URL (existing)',
      );
      assertStatus(
        await send('PUT', `${CM}/absent`, { body: configMap('other') }),
        400,
        'BadRequest',
        'the name of the object (other) does not match the name on the URL (absent)',
      );
    });
  });

  it('a body over 3 MiB: 413', async () => {
    await unchanged(async () => {
      const big = configMap('big', { data: { a: 'x'.repeat(3 * 1024 * 1024) } });
      assertStatus(
        await send('POST', CM, { body: big }),
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
      assertStatus(
        await send('PATCH', `${CM}/existing`, {
          body: json({ data: { a: 'x'.repeat(3 * 1024 * 1024) } }),
          type: 'application/merge-patch+json',
        }),
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
      // Under the request limit but over a ConfigMap's 1 MiB: 422 for the whole object.
      assertStatus(
        await send('POST', CM, { body: configMap('large', { data: { a: 'x'.repeat(1024 * 1024 + 1) } }) }),
        422,
        'Invalid',
        'ConfigMap "large" is invalid: : Too long: may not be more than 1048576 bytes',
      );
    });
  });

  it('a stale resourceVersion or precondition: 409 Conflict', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('PUT', `${CM}/existing`, {
          body: json({
            ...existing,
            metadata: { ...existing.metadata, resourceVersion: '1' },
            data: { a: 'stale' },
          }),
        }),
        409,
        'Conflict',
        'Operation cannot be fulfilled on configmaps "existing": the object has been modified; please apply your changes to the latest version and try again',
        { name: 'existing', kind: 'configmaps' },
      );
      assertStatus(
        await send('PATCH', `${CM}/existing`, {
          body: '{"metadata":{"resourceVersion":"1"},"data":{"a":"x"}}',
          type: 'application/merge-patch+json',
        }),
        409,
        'Conflict',
        /^Operation cannot be fulfilled on configmaps "existing": the object has been modified/,
      );
      assertStatus(
        await send('DELETE', `${CM}/existing`, { body: json({ preconditions: { resourceVersion: '1' } }) }),
        409,
        'Conflict',
        `Operation cannot be fulfilled on configmaps "existing": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
      assertStatus(
        await send('DELETE', `${CM}/existing`, { body: json({ preconditions: { uid: 'not-the-uid' } }) }),
        409,
        'Conflict',
        `Operation cannot be fulfilled on configmaps "existing": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${existing.metadata.uid}`,
      );
      assertStatus(
        await send('POST', CM, { body: configMap('existing') }),
        409,
        'AlreadyExists',
        'configmaps "existing" already exists',
        { name: 'existing', kind: 'configmaps' },
      );
    });
  });

  it('a Binding whose uid or resourceVersion the pod no longer has, or a pod already bound: 409', async () => {
    const pods = '/api/v1/namespaces/bad/pods';
    await send('POST', '/api/v1/namespaces/bad/serviceaccounts', {
      body: json({ metadata: { name: 'default' } }),
    });
    const pod = (
      await send('POST', pods, {
        body: json({ metadata: { name: 'placed' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }),
      })
    ).body;
    const bind = (metadata: Record<string, string>) =>
      send('POST', `${pods}/placed/binding`, {
        body: json({
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: 'placed', ...metadata },
          target: { name: 'node-1' },
        }),
      });
    const { uid, resourceVersion } = pod.metadata;
    assertStatus(
      await bind({ uid: 'not-the-uid' }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on pods "placed": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${uid}`,
      { name: 'placed', kind: 'pods' },
    );
    assertStatus(
      await bind({ uid, resourceVersion: '1' }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on pods "placed": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${resourceVersion}`,
    );
    assert.equal(
      (await send('GET', `${pods}/placed`)).body.metadata.resourceVersion,
      resourceVersion,
      'not bound',
    );
    assert.equal((await bind({ uid, resourceVersion })).status, 201);
    assertStatus(
      await bind({}),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods/binding "placed": pod placed is already assigned to node "node-1"',
      { name: 'placed', kind: 'pods/binding' },
    );
  });

  it('unknown patch and body types: 415; unsupported Accept: 406', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('PATCH', `${CM}/existing`, { body: '{}', type: 'application/x-patch' }),
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
      );
      assertStatus(
        await send('POST', CM, { body: configMap('x'), type: 'text/plain' }),
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      );
      assertStatus(
        await send('GET', `${CM}/existing`, { accept: 'text/html' }),
        406,
        'NotAcceptable',
        'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch',
      );
      assertStatus(
        await send('POST', CM, { body: configMap('x'), accept: 'application/xml' }),
        406,
        'NotAcceptable',
        'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch',
      );
    });
  });

  it('unknown resources, namespaces and methods: 404 and 405', async () => {
    await unchanged(async () => {
      for (const path of [
        '/api/v1/namespaces/bad/widgets',
        '/apis/apps/v1/namespaces/bad/widgets',
        '/apis/nope.example.com/v1/things',
        '/apis/apps/v9/deployments',
      ]) {
        assertStatus(
          await send('GET', path),
          404,
          'NotFound',
          'the server could not find the requested resource',
          {},
        );
      }
      assertStatus(
        await send('POST', '/api/v1/namespaces/nowhere/configmaps', { body: configMap('x') }),
        404,
        'NotFound',
        'namespaces "nowhere" not found',
        { name: 'nowhere', kind: 'namespaces' },
      );
      assertStatus(await send('GET', `${CM}/ghost`), 404, 'NotFound', 'configmaps "ghost" not found', {
        name: 'ghost',
        kind: 'configmaps',
      });
      assertStatus(
        await send('GET', '/apis/apps/v1/namespaces/bad/deployments/ghost'),
        404,
        'NotFound',
        'deployments.apps "ghost" not found',
        { name: 'ghost', group: 'apps', kind: 'deployments' },
      );
      assertStatus(
        await send('GET', '/apis/authentication.k8s.io/v1/tokenreviews'),
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    });
  });

  it('bad label and field selectors and continue tokens: 400', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('GET', `${CM}?labelSelector=${encodeURIComponent('a in (')}`),
        400,
        'BadRequest',
        "unable to parse requirement: found '', expected: ',', ')' or identifier",
      );
      assertStatus(
        await send('GET', `${CM}?labelSelector=${encodeURIComponent('a===b')}`),
        400,
        'BadRequest',
        "unable to parse requirement: found '=', expected: identifier",
      );
      assertStatus(
        await send('GET', `${CM}?fieldSelector=${encodeURIComponent('spec.foo=bar')}`),
        400,
        'BadRequest',
        'field label not supported: spec.foo',
      );
      assertStatus(
        await send('GET', `${CM}?fieldSelector=metadata.name`),
        400,
        'BadRequest',
        "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
      );
      assertStatus(
        await send('GET', `${CM}?limit=1&continue=garbage!`),
        400,
        'BadRequest',
        'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1): illegal base64 data at input byte 7',
      );
      assertStatus(
        await send(
          'GET',
          `${CM}?limit=1&continue=${Buffer.from('{"v":"meta.k8s.io/v1","rv":0,"start":"x"}').toString('base64url')}`,
        ),
        400,
        'BadRequest',
        'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
      const token = (await send('GET', '/api/v1/namespaces?limit=1')).body.metadata.continue;
      assertStatus(
        await send('GET', `/api/v1/namespaces?limit=1&continue=${token}&resourceVersion=5`),
        400,
        'BadRequest',
        'specifying resource version is not allowed when using continue',
      );
    });
  });

  it('a JSON patch that fails: 422, the object untouched', async () => {
    await unchanged(async () => {
      assertStatus(
        await send('PATCH', `${CM}/existing`, {
          body: '[{"op":"test","path":"/data/a","value":"2"}]',
          type: 'application/json-patch+json',
        }),
        422,
        'Invalid',
        'the server rejected our request due to an error in our request',
        {},
      );
      assertStatus(
        await send('PATCH', `${CM}/existing`, {
          body: '[{"op":"remove","path":"/data/missing"}]',
          type: 'application/json-patch+json',
        }),
        422,
        'Invalid',
        'the server rejected our request due to an error in our request',
        {},
      );
      assertStatus(
        await send('PATCH', `${CM}/existing`, { body: 'a: 1\n', type: 'application/apply-patch+yaml' }),
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        },
      );
    });
  });
});

describe('expired resourceVersions and continue tokens (in-process server, compacted store)', {
  timeout: 120_000,
}, () => {
  let dir: string;
  let store: Store;
  let api: ApiServer;
  let send: Send;
  const restart = async () => {
    await api.stop();
    api = new ApiServer({ store });
    await api.start();
    send = sender((request) => api.handle(request));
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kts-expired-'));
    store = await openStore(`sqlite://${join(dir, 'state.db')}`, { compaction: { enabled: false } });
    api = new ApiServer({ store });
    await api.start();
    send = sender((request) => api.handle(request));
    await send('POST', '/api/v1/namespaces', { body: json({ metadata: { name: 'bad' } }) });
    for (const name of ['a', 'b', 'c']) await send('POST', CM, { body: configMap(name) });
  });
  after(async () => {
    await api?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a continue token older than the compacted revision: 410 Expired with a token for the rest', async () => {
    const first = (await send('GET', `${CM}?limit=1`)).body;
    assert.deepEqual(
      first.items.map((i: any) => i.metadata.name),
      ['a'],
    );
    await send('POST', CM, { body: configMap('d') });
    await send('DELETE', `${CM}/b`);
    const exact = first.metadata.resourceVersion;
    const newest = Number((await send('GET', CM)).body.metadata.resourceVersion);
    await store.compact(newest);
    const expired = await send('GET', `${CM}?limit=1&continue=${first.metadata.continue}`);
    assertStatus(
      expired,
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
    const fresh = expired.body.metadata.continue;
    assert.deepEqual(JSON.parse(Buffer.from(fresh, 'base64url').toString()), {
      v: 'meta.k8s.io/v1',
      rv: -1,
      start: 'bad/a\u0000',
    });
    // The fresh token lists the rest at the newest revision (b is gone, d is new).
    const rest = (await send('GET', `${CM}?limit=10&continue=${fresh}`)).body;
    assert.deepEqual(
      rest.items.map((i: any) => i.metadata.name),
      ['c', 'd'],
    );
    assert.equal(rest.metadata.resourceVersion, String(newest));
    assertStatus(
      await send('GET', `${CM}?resourceVersion=${exact}&resourceVersionMatch=Exact`),
      410,
      'Expired',
      'The resourceVersion for the provided list is too old.',
    );
  });

  it('a watch from before the watch cache window: an ERROR event with 410 Expired, then the end', async () => {
    const old = (await send('GET', CM)).body.metadata.resourceVersion;
    await send('POST', CM, { body: configMap('e') });
    // A new server's watch cache starts at the store's current revision.
    await restart();
    const current = (await send('GET', CM)).body.metadata.resourceVersion;
    const response = await api.handle(new Request(`http://kts${CM}?watch=true&resourceVersion=${old}`));
    assert.equal(response.status, 200);
    const text = await response.text();
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(events, [
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${old} (${Number(current) + 1})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });
});
