// Decodes Kubernetes protobuf messages into the JSON that upstream's Go types would marshal to:
// the object a Go API server would hold after decoding the body, written as encoding/json writes
// it. That means Go's rules, not proto's: non-pointer structs are always written (`"resources": {}`),
// zero Times as null (`"creationTimestamp": null`), nil slices of fields without omitempty as null
// (`"rules": null`), zero scalars dropped under omitempty unless the Go field is a pointer.
import {
  ProtobufError,
  ProtoReader,
  WIRE_BYTES,
  WIRE_FIXED64,
  WIRE_VARINT,
} from '../../machinery/codec/protobuf-wire.ts';
import type { FieldSpec, MessageSpec, MessageTables, ValueType } from './message-table.ts';
import { parseMessage } from './message-table.ts';
import { formatGoDuration, formatMicroTime, formatTime } from './time-format.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const utf8 = new TextDecoder();

function wireTypeOf(value: ValueType): number {
  switch (value.code) {
    case 'i':
    case 'l':
    case 'b':
      return WIRE_VARINT;
    case 'd':
      return WIRE_FIXED64;
    default:
      return WIRE_BYTES;
  }
}

const SPECIAL_CODES: ReadonlySet<string> = new Set(['T', 'M', 'D', 'Q', 'I', 'R', 'F', 'E']);

function isZero(value: Json): boolean {
  return value === '' || value === 0 || value === false;
}

export class MessageDecoder {
  private readonly tables: MessageTables;
  private readonly specs = new Map<string, MessageSpec>();

  constructor(tables: MessageTables) {
    this.tables = tables;
  }

  has(message: string): boolean {
    return message in this.tables;
  }

  private spec(message: string): MessageSpec {
    let spec = this.specs.get(message);
    if (!spec) {
      const notation = this.tables[message];
      if (notation === undefined) throw new ProtobufError(`no protobuf message table for ${message}`);
      spec = parseMessage(message, notation);
      this.specs.set(message, spec);
    }
    return spec;
  }

  /** Decodes one message's bytes into its JSON object. */
  decode(message: string, bytes: Uint8Array): Record<string, Json> {
    return this.decodeReader(message, new ProtoReader(bytes));
  }

  private decodeReader(message: string, reader: ProtoReader): Record<string, Json> {
    const spec = this.spec(message);
    const seen = new Map<number, Json[]>();
    while (!reader.done()) {
      const { field, wire } = reader.tag();
      const f = spec.byNumber.get(field);
      if (!f) {
        reader.skip(wire);
        continue;
      }
      const values = seen.get(field) ?? [];
      seen.set(field, values);
      const expected = f.map || f.inline ? WIRE_BYTES : wireTypeOf(f.value);
      if (f.repeated && wire === WIRE_BYTES && expected !== WIRE_BYTES) {
        // Packed repeated scalars.
        const packed = reader.message();
        while (!packed.done()) values.push(this.readValue(f.value, packed));
      } else if (wire !== expected) {
        throw new ProtobufError(`proto: wrong wireType = ${wire} for field ${f.name}`);
      } else if (f.map) {
        values.push(this.readMapEntry(f.value, reader.message()));
      } else if (f.inline) {
        values.push(this.decodeReader((f.value as { message: string }).message, reader.message()));
      } else {
        values.push(this.readValue(f.value, reader));
      }
    }
    const out: Record<string, Json> = {};
    for (const f of spec.fields) this.emit(out, f, seen.get(f.number));
    return out;
  }

  /** Writes one field as Go's encoding/json would. */
  private emit(out: Record<string, Json>, f: FieldSpec, values: Json[] | undefined): void {
    if (f.inline) {
      const inner = values?.length
        ? values[values.length - 1]
        : this.decode((f.value as { message: string }).message, new Uint8Array());
      Object.assign(out, inner);
      return;
    }
    if (f.map) {
      if (values?.length) {
        const map: Record<string, Json> = {};
        for (const entry of values as [string, Json][]) map[entry[0]] = entry[1];
        out[f.name] = map;
      } else if (f.always) {
        out[f.name] = null;
      }
      return;
    }
    if (f.repeated) {
      if (values?.length) out[f.name] = values;
      else if (f.always) out[f.name] = null;
      return;
    }
    const present = values !== undefined && values.length > 0;
    const value = present ? values[values.length - 1]! : undefined;
    if (f.pointer) {
      if (present) out[f.name] = value!;
      else if (f.always) out[f.name] = null;
      return;
    }
    // A non-pointer field: structs are always written, scalars unless zero under omitempty.
    if (f.value.code === 'message') {
      out[f.name] = present ? value! : this.decode(f.value.message, new Uint8Array());
    } else if (SPECIAL_CODES.has(f.value.code)) {
      out[f.name] = present ? value! : this.readSpecial(f.value.code, new ProtoReader(new Uint8Array()));
    } else if (present && (f.always || !isZero(value!))) {
      out[f.name] = value!;
    } else if (!present && f.always) {
      out[f.name] =
        f.value.code === 's' ? '' : f.value.code === 'b' ? false : f.value.code === 'y' ? null : 0;
    }
  }

  private readMapEntry(value: ValueType, entry: ProtoReader): [string, Json] {
    let key = '';
    let val: Json | undefined;
    while (!entry.done()) {
      const { field, wire } = entry.tag();
      if (field === 1 && wire === WIRE_BYTES) key = entry.string();
      else if (field === 2 && wire === wireTypeOf(value)) val = this.readValue(value, entry);
      else entry.skip(wire);
    }
    if (val === undefined) val = this.readValue(value, new ProtoReader(this.emptyFor(value)));
    return [key, val];
  }

  private emptyFor(value: ValueType): Uint8Array {
    // A zero-length length-delimited value, or a zero varint / double.
    return wireTypeOf(value) === WIRE_BYTES
      ? Uint8Array.of(0)
      : wireTypeOf(value) === WIRE_FIXED64
        ? new Uint8Array(8)
        : Uint8Array.of(0);
  }

  private readValue(value: ValueType, reader: ProtoReader): Json {
    switch (value.code) {
      case 's':
        return reader.string();
      case 'y':
        return Buffer.from(reader.bytes()).toString('base64');
      case 'i':
        return reader.int32();
      case 'l':
        return reader.int64();
      case 'b':
        return reader.bool();
      case 'd':
        return reader.double();
      case 'message':
        return this.decodeReader(value.message, reader.message());
      default:
        return this.readSpecial(value.code, reader.message());
    }
  }

  /** The self-marshalling types, from their messages to their JSON. */
  private readSpecial(code: string, reader: ProtoReader): Json {
    const fields = new Map<number, Uint8Array | number>();
    const strings: string[] = [];
    while (!reader.done()) {
      const { field, wire } = reader.tag();
      if (wire === WIRE_VARINT) fields.set(field, reader.int64());
      else if (wire === WIRE_BYTES) {
        const raw = reader.bytes();
        if (code === 'E' && field === 1) strings.push(utf8.decode(raw));
        else fields.set(field, raw);
      } else reader.skip(wire);
    }
    const num = (n: number): number => {
      const v = fields.get(n);
      return typeof v === 'number' ? v : 0;
    };
    const bytes = (n: number): Uint8Array => {
      const v = fields.get(n);
      return typeof v === 'object' ? v : new Uint8Array();
    };
    switch (code) {
      case 'T':
        return fields.size === 0 ? null : formatTime(num(1));
      case 'M':
        return fields.size === 0 ? null : formatMicroTime(num(1), num(2));
      case 'D':
        return formatGoDuration(num(1));
      case 'Q': {
        const text = utf8.decode(bytes(1));
        return text === '' ? '0' : text;
      }
      case 'I':
        return num(1) === 1 ? utf8.decode(bytes(3)) : num(2) | 0;
      case 'R':
      case 'F': {
        const raw = bytes(1);
        if (raw.length === 0) return null;
        try {
          return JSON.parse(utf8.decode(raw)) as Json;
        } catch {
          throw new ProtobufError('embedded object is not JSON');
        }
      }
      case 'E':
        // A nil ExtraValue (no items) is written as null.
        return strings.length ? strings : null;
      default:
        throw new ProtobufError(`unknown special type ${code}`);
    }
  }
}
