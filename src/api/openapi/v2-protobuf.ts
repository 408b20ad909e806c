// The swagger 2.0 document as gnostic's `openapi.v2.Document` protobuf message, what kube-openapi
// answers `/openapi/v2` with for `Accept: application/com.github.proto-openapi.spec.v2…+protobuf`
// (kubectl asks for it when the v3 documents lack a GVK's PATCH path, e.g. for TokenReview, and
// validates with it). Fields are written in field-number order with proto3's rule that zero values
// are left out (except inside a oneof); `Any` values carry YAML text, as gnostic's compiler makes
// them, and `x-` keys become `NamedAny` vendor extensions. `decodeOpenAPIV2Protobuf` reads it back.
import protobuf from 'protobufjs/minimal.js';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ProtoReader, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT } from '../../machinery/codec/protobuf-wire.ts';
import {
  type Field,
  type FieldType,
  type Message,
  type MessageName,
  V2_MESSAGES,
} from './v2-protobuf-messages.ts';

type Writer = protobuf.Writer;
type JsonObject = Record<string, unknown>;

/** Content type of the answer (the `@` form is accepted too; upstream answers with this one). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** The subtypes kube-openapi accepts for it. */
export const OPENAPI_V2_PROTOBUF_SUBTYPES: readonly string[] = [
  'com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'com.github.proto-openapi.spec.v2.v1.0+protobuf',
];

const wireOf = (type: FieldType) =>
  type === 'bool' || type === 'int64' ? WIRE_VARINT : type === 'double' ? WIRE_FIXED64 : WIRE_BYTES;

/** Proto3 leaves zero values out of the wire (but not inside a oneof). */
function isZero(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return value === '' || typeof value !== 'string';
    case 'bool':
      return value !== true;
    case 'double':
    case 'int64':
      return typeof value !== 'number' || value === 0;
    default:
      return value === undefined;
  }
}

function writeValue(w: Writer, number: number, type: FieldType, value: unknown): void {
  w.uint32((number << 3) | wireOf(type));
  switch (type) {
    case 'string':
      w.string(String(value));
      return;
    case 'bool':
      w.bool(value === true);
      return;
    case 'double':
      w.double(Number(value));
      return;
    case 'int64':
      w.int64(Number(value));
      return;
    case 'any':
      // google.protobuf.Any value = 1 stays empty; string yaml = 2.
      w.fork()
        .uint32((2 << 3) | WIRE_BYTES)
        .string(stringifyYaml(value))
        .ldelim();
      return;
    default:
      w.fork();
      writeMessage(w, type, value);
      w.ldelim();
  }
}

function writeField(w: Writer, field: Field, value: unknown, inOneof = false): void {
  if (field.repeated) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) writeValue(w, field.number, field.type, v);
  } else if (inOneof || !isZero(field.type, value)) {
    writeValue(w, field.number, field.type, value);
  }
}

/** `Named*` entries (name = 1, value = 2): vendor extensions and the keys of maps. */
function writeNamed(w: Writer, number: number, type: FieldType, name: string, value: unknown): void {
  w.uint32((number << 3) | WIRE_BYTES).fork();
  w.uint32((1 << 3) | WIRE_BYTES).string(name);
  writeValue(w, 2, type, value);
  w.ldelim();
}

function writeMessage(w: Writer, name: MessageName, value: unknown): void {
  const message: Message = V2_MESSAGES[name];
  if (message.kind === 'oneof') {
    const number = message.choose(value);
    if (number === undefined) return;
    writeField(w, { number, type: message.branches[number]! }, value, true);
    return;
  }
  if (message.kind === 'array') {
    writeField(w, message.element, Array.isArray(value) ? value : [value]);
    return;
  }
  const object = (value ?? {}) as JsonObject;
  const writes: { number: number; write: () => void }[] = [];
  for (const [key, v] of Object.entries(object)) {
    const field = message.fields[key];
    if (field) writes.push({ number: field.number, write: () => writeField(w, field, v) });
    else if (key.startsWith('x-') && message.extensions !== undefined) {
      const number = message.extensions;
      writes.push({ number, write: () => writeNamed(w, number, 'any', key, v) });
    } else if (message.entries) {
      const { number, type } = message.entries;
      writes.push({ number, write: () => writeNamed(w, number, type, key, v) });
    }
  }
  // Stable: repeated entries keep their document order.
  writes.sort((a, b) => a.number - b.number);
  for (const { write } of writes) write();
}

/** Encodes a swagger 2.0 document (parsed JSON) as an `openapi.v2.Document`. */
export function encodeOpenAPIV2Protobuf(document: JsonObject): Uint8Array {
  const w = protobuf.Writer.create();
  writeMessage(w, 'Document', document);
  return w.finish();
}

function readValue(r: ProtoReader, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return r.string();
    case 'bool':
      return r.bool();
    case 'double':
      return r.double();
    case 'int64':
      return r.int64();
    case 'any': {
      const any = r.message();
      let yaml = '';
      while (!any.done()) {
        const { field, wire } = any.tag();
        if (field === 2 && wire === WIRE_BYTES) yaml = any.string();
        else any.skip(wire);
      }
      return parseYaml(yaml);
    }
    default:
      return readMessage(r.message(), type);
  }
}

function readNamed(r: ProtoReader, type: FieldType): [string, unknown] {
  const named = r.message();
  let name = '';
  let value: unknown;
  while (!named.done()) {
    const { field, wire } = named.tag();
    if (field === 1) name = named.string();
    else if (field === 2) value = readValue(named, type);
    else named.skip(wire);
  }
  return [name, value];
}

function readMessage(r: ProtoReader, name: MessageName): unknown {
  const message: Message = V2_MESSAGES[name];
  if (message.kind === 'oneof') {
    let value: unknown;
    while (!r.done()) {
      const { field, wire } = r.tag();
      const type = message.branches[field];
      if (type) value = readValue(r, type);
      else r.skip(wire);
    }
    return value;
  }
  if (message.kind === 'array') {
    const values: unknown[] = [];
    while (!r.done()) {
      const { field, wire } = r.tag();
      if (field === message.element.number) values.push(readValue(r, message.element.type));
      else r.skip(wire);
    }
    return message.single && values.length === 1 ? values[0] : values;
  }
  const byNumber = new Map<number, [string, Field]>();
  for (const [key, field] of Object.entries(message.fields)) byNumber.set(field.number, [key, field]);
  const out: JsonObject = {};
  while (!r.done()) {
    const { field: number, wire } = r.tag();
    const known = byNumber.get(number);
    if (known) {
      const [key, field] = known;
      const value = readValue(r, field.type);
      if (field.repeated) ((out[key] ??= []) as unknown[]).push(value);
      else out[key] = value;
    } else if (number === message.extensions) {
      const [key, value] = readNamed(r, 'any');
      out[key] = value;
    } else if (message.entries && number === message.entries.number) {
      const [key, value] = readNamed(r, message.entries.type);
      out[key] = value;
    } else r.skip(wire);
  }
  return out;
}

/** Decodes an `openapi.v2.Document` back to swagger 2.0 JSON (zero values stay absent). */
export function decodeOpenAPIV2Protobuf(bytes: Uint8Array): JsonObject {
  return readMessage(new ProtoReader(bytes), 'Document') as JsonObject;
}
