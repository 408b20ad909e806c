import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schema } from './schema.ts';
import { validateEmbeddedResources } from './schema-embedded.ts';
import { validateListSetsAndMaps } from './schema-list-types.ts';
import { fieldErrorMessage } from './status.ts';

const SCHEMA: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        routes: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['host', 'port'],
          items: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    },
  },
};

const messages = (errs: ReturnType<typeof validateListSetsAndMaps>) => errs.map(fieldErrorMessage);

describe('validateListSetsAndMaps', () => {
  it('reports repeated set items once, at their second index', () => {
    assert.deepEqual(messages(validateListSetsAndMaps({ spec: { tags: ['a', 'b', 'a', 'a'] } }, SCHEMA)), [
      'spec.tags[2]: Duplicate value: "a"',
    ]);
  });
  it('reports repeated list-map keys with Go map syntax', () => {
    const obj = {
      spec: { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }, { port: 1 }, { port: 2 }] },
    };
    assert.deepEqual(messages(validateListSetsAndMaps(obj, SCHEMA)), [
      'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}',
      'spec.ports[3]: Duplicate value: map[string]interface {}{}',
    ]);
  });
  it('compares composite keys as a whole', () => {
    const obj = {
      spec: {
        routes: [
          { host: 'a', port: 1 },
          { host: 'a', port: 2 },
          { port: 1, host: 'a' },
        ],
      },
    };
    assert.deepEqual(messages(validateListSetsAndMaps(obj, SCHEMA)), [
      'spec.routes[2]: Duplicate value: map[string]interface {}{"host":"a", "port":1}',
    ]);
  });
  it('rejects non-objects in a list-type map', () => {
    assert.deepEqual(messages(validateListSetsAndMaps({ spec: { ports: ['x'] } }, SCHEMA)), [
      'spec.ports[0]: Invalid value: "x": must be an object for an array of list-type map',
    ]);
  });
});

describe('validateEmbeddedResources', () => {
  it('requires apiVersion and kind, and checks them', () => {
    assert.deepEqual(messages(validateEmbeddedResources({ spec: { template: {} } }, SCHEMA)), [
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Required value: must not be empty',
    ]);
    assert.deepEqual(
      messages(
        validateEmbeddedResources({ spec: { template: { apiVersion: 'a/b/c', kind: 'Bad_Kind' } } }, SCHEMA),
      ),
      [
        'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
        "spec.template.kind: Invalid value: \"Bad_Kind\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    );
  });
  it('checks embedded metadata as object metadata with path-segment names', () => {
    const obj = {
      spec: {
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a/b', labels: { 'bad key!': 'x' } } },
      },
    };
    const errs = messages(validateEmbeddedResources(obj, SCHEMA));
    assert.equal(errs[0], 'spec.template.metadata.name: Invalid value: "a/b": may not contain \'/\'');
    assert.match(
      errs[1]!,
      /^spec\.template\.metadata\.labels: Invalid value: "bad key!": name part must consist of/,
    );
    const typed = messages(
      validateEmbeddedResources(
        { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 5 } } } },
        SCHEMA,
      ),
    );
    assert.deepEqual(typed, [
      'spec.template.metadata: Invalid value: {"name":5}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string',
    ]);
  });
});
