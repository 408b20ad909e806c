import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schema } from './schema.ts';
import { pruneUnknownFields } from './schema-pruning.ts';

const SCHEMA: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        image: { type: 'string' },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
        },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
  },
};

describe('pruneUnknownFields', () => {
  it('drops undeclared fields and reports their paths, sorted', () => {
    const obj = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'x', bogus: 1 },
      spec: { image: 'i', zzz: 1, items: [{ name: 'a', extra: true }], labels: { a: 'b' } },
      extra: 'top',
    };
    const unknown = pruneUnknownFields(obj, SCHEMA, { isResourceRoot: true });
    assert.deepEqual(unknown, ['metadata.bogus', 'extra', 'spec.items[0].extra', 'spec.zzz']);
    assert.deepEqual(obj, {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'x' },
      spec: { image: 'i', items: [{ name: 'a' }], labels: { a: 'b' } },
    });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, still pruning declared children', () => {
    const obj = { spec: { free: { anything: { deep: 1 }, known: { a: 'x', b: 'y' } } } };
    assert.deepEqual(pruneUnknownFields(obj, SCHEMA, { isResourceRoot: true }), ['spec.free.known.b']);
    assert.deepEqual(obj, { spec: { free: { anything: { deep: 1 }, known: { a: 'x' } } } });
  });

  it('keeps apiVersion, kind and metadata of embedded resources, pruning their metadata to ObjectMeta', () => {
    const obj = {
      spec: {
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { labels: { a: 'b' }, nope: 1 },
          spec: { x: 'y', z: 1 },
        },
      },
    };
    assert.deepEqual(pruneUnknownFields(obj, SCHEMA, { isResourceRoot: true }), [
      'spec.template.metadata.nope',
      'spec.template.spec.z',
    ]);
    assert.deepEqual(obj.spec.template, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { labels: { a: 'b' } },
      spec: { x: 'y' },
    });
  });

  it('prunes everything but the resource fields when there is no schema', () => {
    const obj = { apiVersion: 'a/v1', kind: 'K', metadata: {}, spec: { a: 1 } };
    assert.deepEqual(pruneUnknownFields(obj, undefined, { isResourceRoot: true }), ['spec']);
    assert.deepEqual(obj, { apiVersion: 'a/v1', kind: 'K', metadata: {} });
  });

  it('keeps everything under a root that preserves unknown fields', () => {
    const obj = { apiVersion: 'a/v1', kind: 'K', spec: { a: 1 } };
    assert.deepEqual(
      pruneUnknownFields(
        obj,
        { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        { isResourceRoot: true },
      ),
      [],
    );
    assert.deepEqual(obj.spec, { a: 1 });
  });
});
