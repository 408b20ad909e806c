import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servedResources } from './served-resources.test-fixture.ts';
import { OpenAPIService } from './service.ts';
import { decodeOpenAPIV2Protobuf, encodeOpenAPIV2Protobuf } from './v2-protobuf.ts';

// Expected bytes are written out by hand from gnostic's field numbers, so that a wrong number in
// the message table shows here rather than being read back by the same table.
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const varint = (n: number): number[] => (n < 128 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)]);
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const bytes = (field: number, content: number[]) => [...tag(field, 2), ...varint(content.length), ...content];
const str = (field: number, s: string) => bytes(field, utf8(s));

test('document, info and a definition with a type, a $ref property and a vendor extension', () => {
  const doc = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    definitions: {
      A: {
        type: 'object',
        required: ['b'],
        properties: { b: { $ref: '#/definitions/B', description: 'the b' } },
        'x-kubernetes-map-type': 'atomic',
      },
    },
  };
  const typeItem = str(1, 'object');
  const b = [...str(1, '#/definitions/B'), ...str(4, 'the b')];
  const properties = bytes(1, [...str(1, 'b'), ...bytes(2, b)]);
  const extension = bytes(31, [...str(1, 'x-kubernetes-map-type'), ...bytes(2, str(2, 'atomic\n'))]);
  // Schema fields in number order: required 19, type 22, properties 25, vendor_extension 31.
  const schema = [...str(19, 'b'), ...bytes(22, typeItem), ...bytes(25, properties), ...extension];
  const expected = [
    ...str(1, '2.0'),
    ...bytes(2, [...str(1, 'Kubernetes'), ...str(2, 'v1.32.4')]),
    ...bytes(9, bytes(1, [...str(1, 'A'), ...bytes(2, schema)])),
  ];
  assert.deepEqual([...encodeOpenAPIV2Protobuf(doc)], expected);
  assert.deepEqual(decodeOpenAPIV2Protobuf(new Uint8Array(expected)), doc);
});

test('paths: operations, query/path/body parameters, responses and operation extensions', () => {
  const doc = {
    paths: {
      '/api/v1/namespaces/{namespace}/pods': {
        post: {
          consumes: ['*/*'],
          operationId: 'createNamespacedPod',
          parameters: [
            { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/Pod' } },
            { description: 'd', in: 'query', name: 'dryRun', type: 'string', uniqueItems: true },
          ],
          responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/Pod' } } },
          'x-kubernetes-action': 'post',
        },
        parameters: [{ in: 'path', name: 'namespace', required: true, type: 'string', uniqueItems: true }],
      },
    },
    security: [{ BearerToken: [] }],
    securityDefinitions: { BearerToken: { in: 'header', name: 'authorization', type: 'apiKey' } },
  };
  const body = bytes(1, [
    ...str(2, 'body'),
    ...str(3, 'body'),
    ...tag(4, 0),
    1,
    ...bytes(5, str(1, '#/definitions/Pod')),
  ]);
  // query sub-schema: description 3, in 2, name 4, type 6, unique_items 20 (written in number order).
  const query = [
    ...str(2, 'query'),
    ...str(3, 'd'),
    ...str(4, 'dryRun'),
    ...str(6, 'string'),
    ...tag(20, 0),
    1,
  ];
  const nonBody = bytes(2, bytes(3, query));
  const response = bytes(1, [...str(1, 'OK'), ...bytes(2, bytes(1, str(1, '#/definitions/Pod')))]);
  const operation = [
    ...str(5, 'createNamespacedPod'),
    ...str(7, '*/*'),
    ...bytes(8, bytes(1, body)),
    ...bytes(8, bytes(1, nonBody)),
    ...bytes(9, bytes(1, [...str(1, '200'), ...bytes(2, response)])),
    ...bytes(13, [...str(1, 'x-kubernetes-action'), ...bytes(2, str(2, 'post\n'))]),
  ];
  // path sub-schema: required 1, in 2, name 4, type 5, unique_items 19.
  const path = [
    ...tag(1, 0),
    1,
    ...str(2, 'path'),
    ...str(4, 'namespace'),
    ...str(5, 'string'),
    ...tag(19, 0),
    1,
  ];
  const pathItem = [...bytes(4, operation), ...bytes(9, bytes(1, bytes(2, bytes(4, path))))];
  const apiKey = [...str(1, 'apiKey'), ...str(2, 'authorization'), ...str(3, 'header')];
  const expected = [
    ...bytes(8, bytes(2, [...str(1, '/api/v1/namespaces/{namespace}/pods'), ...bytes(2, pathItem)])),
    ...bytes(12, bytes(1, [...str(1, 'BearerToken'), ...bytes(2, [])])),
    ...bytes(13, bytes(1, [...str(1, 'BearerToken'), ...bytes(2, bytes(2, apiKey))])),
  ];
  assert.deepEqual([...encodeOpenAPIV2Protobuf(doc)], expected);
  assert.deepEqual(decodeOpenAPIV2Protobuf(new Uint8Array(expected)), doc);
});

test('items, additionalProperties (schema and false), enum and default as YAML, numbers', () => {
  const schema = {
    type: 'array',
    items: { type: 'string', enum: ['A', 'B'] },
    default: ['A'],
    maxItems: 3,
    minimum: 1.5,
  };
  const map = { type: 'object', additionalProperties: { type: 'string' } };
  const closed = { type: 'object', properties: {}, additionalProperties: false };
  const doc = { definitions: { S: schema, M: map, C: closed } };
  const round = decodeOpenAPIV2Protobuf(encodeOpenAPIV2Protobuf(doc));
  assert.deepEqual(round, doc);
  const closedBytes = encodeOpenAPIV2Protobuf({ definitions: { C: closed } });
  // additional_properties 21 → AdditionalPropertiesItem.boolean 2 = false, still written (a oneof).
  const expectedSchema = [...bytes(21, [...tag(2, 0), 0]), ...bytes(22, str(1, 'object')), ...bytes(25, [])];
  assert.deepEqual([...closedBytes], bytes(9, bytes(1, [...str(1, 'C'), ...bytes(2, expectedSchema)])));
  const minimum = encodeOpenAPIV2Protobuf({ definitions: { N: { minimum: 1.5 } } });
  // minimum 9 is a double: wire type 1, little-endian IEEE 754.
  const double = new Uint8Array(new Float64Array([1.5]).buffer);
  assert.deepEqual([...minimum].slice(-9), [...tag(9, 1), ...double]);
});

test('the served v2 document of every built-in resource reads back unchanged', () => {
  const service = new OpenAPIService(servedResources, { serverVersion: 'v1.32.4-kts.1' });
  const json = JSON.parse(service.v2Document().json) as Record<string, unknown>;
  assert.deepEqual(decodeOpenAPIV2Protobuf(service.v2Protobuf()), json);
});
