import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerOpenAPI } from './http.ts';
import { servedResources } from './served-resources.test-fixture.ts';
import { OpenAPIService } from './service.ts';
import { decodeOpenAPIV2Protobuf } from './v2-protobuf.ts';

const service = new OpenAPIService(servedResources, { serverVersion: 'v1.32.4-kts.1' });
const now = new Date('2025-01-01T00:00:00Z');

test('index and documents carry quoted hashes; If-None-Match answers 304', () => {
  const index = answerOpenAPI(service, { path: '/openapi/v3', now })!;
  assert.equal(index.status, 200);
  assert.equal(index.headers['Content-Type'], 'application/json');
  const url = JSON.parse(index.body as string).paths['apis/apps/v1'].serverRelativeURL as string;
  const hash = new URL(url, 'http://x').searchParams.get('hash')!;
  const doc = answerOpenAPI(service, {
    path: '/openapi/v3/apis/apps/v1',
    hash,
    accept: 'application/json',
    now,
  })!;
  assert.equal(doc.status, 200);
  assert.equal(doc.headers.Etag, `"${hash}"`);
  assert.equal(doc.headers['Cache-Control'], 'public, immutable');
  assert.equal(doc.headers.Expires, 'Thu, 01 Jan 2026 00:00:00 UTC');
  assert.equal(
    answerOpenAPI(service, { path: '/openapi/v3/apis/apps/v1', ifNoneMatch: `"${hash}"`, now })!.status,
    304,
  );
});

test('a stale hash redirects to the current one; unknown paths and media types fail', () => {
  const stale = answerOpenAPI(service, { path: '/openapi/v3/api/v1', hash: 'ABC', now })!;
  assert.equal(stale.status, 301);
  assert.match(stale.headers.Location!, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  assert.equal(answerOpenAPI(service, { path: '/openapi/v3/apis/nope/v1', now })!.status, 404);
  assert.equal(
    answerOpenAPI(service, {
      path: '/openapi/v3/api/v1',
      accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf',
      now,
    })!.status,
    406,
  );
  assert.equal(answerOpenAPI(service, { path: '/openapi/v2', accept: 'application/json', now })!.status, 200);
  assert.equal(answerOpenAPI(service, { path: '/openapi/v2', accept: 'text/html', now })!.status, 406);
  assert.equal(answerOpenAPI(service, { path: '/apis', now }), undefined);
});

test('/openapi/v2 answers in protobuf when asked (both subtype spellings), with the JSON ETag', () => {
  const json = answerOpenAPI(service, { path: '/openapi/v2', now })!;
  assert.equal(json.headers['Content-Type'], 'application/json');
  for (const accept of [
    'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    'application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json;q=0.5',
  ]) {
    const proto = answerOpenAPI(service, { path: '/openapi/v2', accept, now })!;
    assert.equal(proto.status, 200);
    assert.equal(proto.headers['Content-Type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal(proto.headers.Etag, json.headers.Etag);
    assert.equal(proto.headers.Vary, 'Accept');
    assert.ok(proto.body instanceof Uint8Array);
    assert.deepEqual(decodeOpenAPIV2Protobuf(proto.body), JSON.parse(json.body as string));
  }
  const preferJson = answerOpenAPI(service, {
    path: '/openapi/v2',
    accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.5, application/json',
    now,
  })!;
  assert.equal(preferJson.headers['Content-Type'], 'application/json');
  const cached = answerOpenAPI(service, {
    path: '/openapi/v2',
    accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    ifNoneMatch: json.headers.Etag!,
    now,
  })!;
  assert.equal(cached.status, 304);
});
