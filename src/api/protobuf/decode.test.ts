import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeProtobufEnvelope } from '../../machinery/codec/protobuf-envelope.ts';
import { ProtoWriter } from '../../machinery/codec/protobuf-wire.ts';
import { builtinDefinitions } from '../schema/index.ts';
import { decodeProtobufObject, ProtobufError, protobufKindSupported } from './index.ts';
import { parseMessage } from './message-table.ts';
import { accessMessages } from './messages/access.ts';
import { coreMessages } from './messages/core.ts';
import { othersMessages } from './messages/others.ts';
import { workloadsMessages } from './messages/workloads.ts';
import { formatGoDuration, formatMicroTime, formatTime } from './time-format.ts';

const testdata = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8'));
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

test('bodies captured from kubectl 1.32 decode to the JSON kubectl would have sent', () => {
  const vectors: { name: string; hex: string; expected: unknown }[] = testdata('kubectl-requests.json');
  assert.ok(vectors.length >= 30);
  for (const v of vectors) assert.deepEqual(decodeProtobufObject(hex(v.hex)).object, v.expected, v.name);
});

test('rich objects encoded from upstream proto definitions decode to Go-canonical JSON', () => {
  const objects: { name: string; hex: string; json: Record<string, unknown> }[] =
    testdata('encoded-objects.json');
  for (const o of objects) {
    const decoded = decodeProtobufObject(hex(o.hex));
    assert.equal(decoded.kind, o.json.kind, o.name);
    assert.equal(decoded.apiVersion, o.json.apiVersion, o.name);
    assert.deepEqual(decoded.object, o.json, o.name);
  }
});

test('Go rules: pointers keep zeros, omitempty drops them, structs are always written, nil required lists are null', () => {
  // A Deployment with spec { replicas: 0 (pointer), minReadySeconds: 0 (omitempty), paused: false }.
  const spec = new ProtoWriter().uint(1, 0).uint(5, 0).uint(7, 0).finish();
  const raw = new ProtoWriter().bytes(2, spec).finish();
  const { object } = decodeProtobufObject(
    encodeProtobufEnvelope({ apiVersion: 'apps/v1', kind: 'Deployment', raw }),
  );
  assert.deepEqual(object, {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { creationTimestamp: null },
    spec: {
      replicas: 0,
      selector: null,
      template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
      strategy: {},
    },
    status: {},
  });
});

test('unknown fields are skipped; malformed bodies and unknown kinds are refused', () => {
  const withUnknown = new ProtoWriter().string(1, 'ignored').uint(99, 5).finish();
  const cm = new ProtoWriter()
    .bytes(1, new ProtoWriter().string(1, 'c').finish())
    .bytes(15, withUnknown)
    .finish();
  assert.deepEqual(
    decodeProtobufObject(encodeProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap', raw: cm })).object,
    {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c', creationTimestamp: null },
    },
  );
  const truncated = encodeProtobufEnvelope({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    raw: Uint8Array.of(0x0a, 0x05, 0x0a),
  });
  assert.throws(() => decodeProtobufObject(truncated), ProtobufError);
  const wrongWire = encodeProtobufEnvelope({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    raw: Uint8Array.of(0x08, 0x01),
  });
  assert.throws(() => decodeProtobufObject(wrongWire), /proto: wrong wireType = 0 for field metadata/);
  const unknownKind = encodeProtobufEnvelope({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    raw: new Uint8Array(),
  });
  assert.throws(
    () => decodeProtobufObject(unknownKind),
    /no kind "Widget" is registered for version "example.com\/v1"/,
  );
  assert.equal(protobufKindSupported('apps', 'v1', 'Deployment'), true);
  assert.equal(protobufKindSupported('', 'v1', 'DeleteOptions'), true);
  assert.equal(protobufKindSupported('apps', 'v1', 'ControllerRevision'), false);
});

test('time types are written as Go writes them', () => {
  assert.equal(formatTime(1714564800), '2024-05-01T12:00:00Z');
  assert.equal(formatMicroTime(1714564810, 123456789), '2024-05-01T12:00:10.123456Z');
  assert.equal(formatGoDuration(0), '0s');
  assert.equal(formatGoDuration(1500), '1.5µs');
  assert.equal(formatGoDuration(2_500_000), '2.5ms');
  assert.equal(formatGoDuration(90e9), '1m30s');
  assert.equal(formatGoDuration(3600e9), '1h0m0s');
  assert.equal(formatGoDuration(3723.5e9), '1h2m3.5s');
  assert.equal(formatGoDuration(-5e9), '-5s');
});

test('message tables parse and agree with the schemas field by field', () => {
  const tables = { ...coreMessages, ...workloadsMessages, ...accessMessages, ...othersMessages };
  const defs = builtinDefinitions();
  const problems: string[] = [];
  const inlineOwners = new Map<string, string>();
  for (const [name, notation] of Object.entries(tables)) {
    for (const f of parseMessage(name, notation).fields) {
      if (f.value.code === 'message' && !(f.value.message in tables))
        problems.push(`${name}.${f.name}: no table for ${f.value.message}`);
      if (f.inline && f.value.code === 'message') inlineOwners.set(f.value.message, name);
    }
  }
  for (const [name, notation] of Object.entries(tables)) {
    const owner = inlineOwners.get(name);
    const definition = defs[name] ?? (owner ? defs[owner] : undefined);
    if (!definition) {
      problems.push(`${name}: no schema definition`);
      continue;
    }
    for (const f of parseMessage(name, notation).fields) {
      if (!f.inline && !definition.properties?.[f.name])
        problems.push(`${name}.${f.name}: not in the schema`);
    }
  }
  assert.deepEqual(problems, []);
});
