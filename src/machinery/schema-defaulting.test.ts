import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schema } from './schema.ts';
import { applyDefaults, pruneDefaults, pruneNonNullableNulls } from './schema-defaulting.ts';

const SCHEMA: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        image: { type: 'string', default: 'nginx' },
        note: { type: 'string', nullable: true, default: 'n' },
        plain: { type: 'string' },
        ports: {
          type: 'array',
          items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string', default: 'x' } },
        nested: {
          type: 'object',
          default: { a: 1, junk: true },
          properties: { a: { type: 'integer' }, b: { type: 'string', default: 'b' } },
        },
      },
    },
  },
};

describe('applyDefaults', () => {
  it('fills missing fields, outermost first, then inside the defaults', () => {
    const obj: Record<string, unknown> = {};
    applyDefaults(obj, pruneDefaults(SCHEMA));
    assert.deepEqual(obj, { spec: { replicas: 1, image: 'nginx', note: 'n', nested: { a: 1, b: 'b' } } });
  });

  it('keeps values that are set, replaces nulls of non-nullable fields, keeps nulls of nullable ones', () => {
    const obj = {
      spec: { replicas: 3, image: null, note: null, ports: [{}, { protocol: 'UDP' }], labels: { k: null } },
    };
    applyDefaults(obj, SCHEMA);
    assert.deepEqual(obj.spec, {
      replicas: 3,
      image: 'nginx',
      note: null,
      ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }],
      labels: { k: 'x' },
      nested: { a: 1, junk: true, b: 'b' },
    });
  });

  it('pruneDefaults drops undeclared fields from default values', () => {
    const pruned = pruneDefaults(SCHEMA);
    assert.deepEqual(pruned.properties!.spec!.properties!.nested!.default, { a: 1 });
    assert.deepEqual(SCHEMA.properties!.spec!.properties!.nested!.default, { a: 1, junk: true });
  });
});

describe('pruneNonNullableNulls', () => {
  it('drops nulls that are neither nullable nor defaulted', () => {
    const obj = { spec: { plain: null, note: null, image: null, other: null } };
    pruneNonNullableNulls(obj, SCHEMA);
    assert.deepEqual(obj, { spec: { note: null, image: null, other: null } });
  });
});
