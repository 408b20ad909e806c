// Reads our notation for protobuf messages (messages/*.ts). A message is one string of fields in
// Go struct order, each `jsonName=number:type` followed by flags:
//
//   type   s string · y bytes (base64 in JSON) · i int32 · l int64 · b bool · d double
//          T meta/v1 Time · M MicroTime · D Duration · Q Quantity · I IntOrString
//          R RawExtension · F FieldsV1 · E a list of strings wrapped in a message (authn ExtraValue)
//          Name (a message of the same package) · pkg.Name (pkg as exported by schema/packages.ts)
//          T[] repeated · {T} a map with string keys
//   flags  * the Go field is a pointer (present on the wire means set, even when zero)
//          ! the JSON tag has no omitempty (the field is always written, null when nil)
//   ~name  an inline (embedded) struct: its fields are written into this object
import * as packages from '../schema/packages.ts';

/** Definition name (`io.k8s.api.core.v1.PodSpec`) → the message's fields in our notation. */
export type MessageTables = Readonly<Record<string, string>>;

export type ScalarCode = 's' | 'y' | 'i' | 'l' | 'b' | 'd';
export type SpecialCode = 'T' | 'M' | 'D' | 'Q' | 'I' | 'R' | 'F' | 'E';

export type ValueType = { code: ScalarCode } | { code: SpecialCode } | { code: 'message'; message: string };

export interface FieldSpec {
  /** JSON name; for inline fields, the proto field name. */
  name: string;
  number: number;
  value: ValueType;
  repeated: boolean;
  map: boolean;
  pointer: boolean;
  always: boolean;
  inline: boolean;
}

export interface MessageSpec {
  /** Fields in Go struct (and JSON output) order. */
  fields: FieldSpec[];
  byNumber: Map<number, FieldSpec>;
}

const SCALARS = new Set(['s', 'y', 'i', 'l', 'b', 'd']);
const SPECIALS = new Set(['T', 'M', 'D', 'Q', 'I', 'R', 'F', 'E']);
const PREFIXES = packages as unknown as Record<string, string>;

function valueType(code: string, ownPrefix: string): ValueType {
  if (SCALARS.has(code)) return { code: code as ScalarCode };
  if (SPECIALS.has(code)) return { code: code as SpecialCode };
  const dot = code.indexOf('.');
  if (dot < 0) return { code: 'message', message: ownPrefix + code };
  const prefix = PREFIXES[code.slice(0, dot)];
  if (typeof prefix !== 'string') throw new Error(`unknown package in protobuf table: ${code}`);
  return { code: 'message', message: prefix + code.slice(dot + 1) };
}

const ENTRY = /^(~?)([\w$-]+)=(\d+):(\{)?([\w.]+)(\})?(\[\])?(\*)?(!)?$/;

/** Parses one message's notation; `name` is its definition name (its package resolves unqualified types). */
export function parseMessage(name: string, notation: string): MessageSpec {
  const ownPrefix = name.slice(0, name.lastIndexOf('.') + 1);
  const fields: FieldSpec[] = [];
  for (const entry of notation.split(' ')) {
    if (!entry) continue;
    const m = ENTRY.exec(entry);
    if (!m) throw new Error(`bad protobuf table entry for ${name}: ${entry}`);
    fields.push({
      name: m[2]!,
      number: Number(m[3]),
      value: valueType(m[5]!, ownPrefix),
      repeated: m[7] !== undefined,
      map: m[4] !== undefined,
      pointer: m[8] !== undefined,
      always: m[9] !== undefined,
      inline: m[1] === '~',
    });
  }
  return { fields, byNumber: new Map(fields.map((f) => [f.number, f])) };
}
