// The envelope of Kubernetes protobuf bodies (`application/vnd.kubernetes.protobuf`): the magic
// bytes `k8s\0`, then a runtime.Unknown message {typeMeta{apiVersion, kind}, raw, contentEncoding,
// contentType} whose `raw` is the object's own message.
import { ProtobufError, ProtoReader, ProtoWriter, WIRE_BYTES } from './protobuf-wire.ts';

export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface ProtobufEnvelope {
  apiVersion: string;
  kind: string;
  /** The encoded object (without TypeMeta). */
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function hasProtobufMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && PROTOBUF_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads the envelope. Throws ProtobufError when the magic is missing or the message is malformed. */
export function decodeProtobufEnvelope(bytes: Uint8Array): ProtobufEnvelope {
  if (bytes.length === 0) throw new ProtobufError('empty data');
  if (!hasProtobufMagic(bytes)) {
    throw new ProtobufError(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  if (bytes.length === 4) throw new ProtobufError('empty body');
  const out: ProtobufEnvelope = {
    apiVersion: '',
    kind: '',
    raw: new Uint8Array(),
    contentEncoding: '',
    contentType: '',
  };
  const reader = new ProtoReader(bytes, 4);
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (wire !== WIRE_BYTES) {
      reader.skip(wire);
      continue;
    }
    if (field === 1) {
      const typeMeta = reader.message();
      while (!typeMeta.done()) {
        const t = typeMeta.tag();
        if (t.field === 1 && t.wire === WIRE_BYTES) out.apiVersion = typeMeta.string();
        else if (t.field === 2 && t.wire === WIRE_BYTES) out.kind = typeMeta.string();
        else typeMeta.skip(t.wire);
      }
    } else if (field === 2) out.raw = reader.bytes();
    else if (field === 3) out.contentEncoding = reader.string();
    else if (field === 4) out.contentType = reader.string();
    else reader.skip(wire);
  }
  return out;
}

/** Writes an envelope around an already encoded object. */
export function encodeProtobufEnvelope(
  envelope: Pick<ProtobufEnvelope, 'apiVersion' | 'kind' | 'raw'> & Partial<ProtobufEnvelope>,
): Uint8Array {
  const typeMeta = new ProtoWriter().string(1, envelope.apiVersion).string(2, envelope.kind).finish();
  const writer = new ProtoWriter().bytes(1, typeMeta).bytes(2, envelope.raw);
  if (envelope.contentEncoding) writer.string(3, envelope.contentEncoding);
  if (envelope.contentType) writer.string(4, envelope.contentType);
  const body = writer.finish();
  const out = new Uint8Array(4 + body.length);
  out.set(PROTOBUF_MAGIC, 0);
  out.set(body, 4);
  return out;
}
