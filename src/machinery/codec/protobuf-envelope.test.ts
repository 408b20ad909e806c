import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProtobufEnvelope, encodeProtobufEnvelope, hasProtobufMagic } from './protobuf-envelope.ts';
import { ProtobufError, ProtoReader, ProtoWriter } from './protobuf-wire.ts';

test('envelope round trip', () => {
  const raw = new ProtoWriter().string(1, 'hello').finish();
  const bytes = encodeProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap', raw });
  assert.ok(hasProtobufMagic(bytes));
  assert.deepEqual(decodeProtobufEnvelope(bytes), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    raw,
    contentEncoding: '',
    contentType: '',
  });
});

test('bad envelopes are refused with upstream words', () => {
  assert.throws(() => decodeProtobufEnvelope(new Uint8Array()), /^ProtobufError: empty data$/);
  assert.throws(
    () => decodeProtobufEnvelope(Uint8Array.of(1, 2, 3, 4, 5)),
    /expected prefix \[107 56 115 0\]/,
  );
  assert.throws(() => decodeProtobufEnvelope(Uint8Array.of(0x6b, 0x38, 0x73, 0)), /empty body/);
  assert.throws(
    () => decodeProtobufEnvelope(Uint8Array.of(0x6b, 0x38, 0x73, 0, 0x12, 0x05, 1)),
    ProtobufError,
  );
});

test('varints: int32 negatives arrive sign-extended, int64 beyond 32 bits', () => {
  // -1 as int32 is ten bytes: ff ff ff ff ff ff ff ff ff 01
  const minusOne = new ProtoReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
  assert.equal(minusOne.int32(), -1);
  // 2^40 + 5
  const big = new ProtoWriter().uint(1, 2 ** 40 + 5).finish();
  const reader = new ProtoReader(big);
  assert.deepEqual(reader.tag(), { field: 1, wire: 0 });
  assert.equal(reader.int64(), 2 ** 40 + 5);
  assert.equal(
    new ProtoReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)).int64(),
    -1,
  );
});
