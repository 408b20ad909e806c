// A small reader and writer for the protobuf wire format (proto2, as Kubernetes' gogo-generated
// messages use it). Hand-written rather than protobufjs: Kubernetes needs its own mapping of
// messages to JSON (Go's omitempty rules, inline structs, Time/Quantity/IntOrString), and the
// reader is a few lines over a Uint8Array.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

const utf8 = new TextDecoder();

export class ProtoReader {
  pos: number;
  readonly end: number;
  private readonly buf: Uint8Array;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a varint as two 32-bit halves. */
  private varintParts(): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) throw new ProtobufError('unexpected end of protobuf data');
      const b = this.buf[this.pos++]!;
      const bits = b & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      if ((b & 0x80) === 0) return [lo >>> 0, hi >>> 0];
    }
    throw new ProtobufError('protobuf varint is too long');
  }

  /** An unsigned varint that fits 32 bits (tags, lengths). */
  uint32(): number {
    return this.varintParts()[0];
  }

  /** int32: the low 32 bits, signed (negative values arrive sign-extended to 64 bits). */
  int32(): number {
    return this.varintParts()[0] | 0;
  }

  /** int64 as a JS number (exact up to 2^53). */
  int64(): number {
    const [lo, hi] = this.varintParts();
    return (hi | 0) * 0x100000000 + lo;
  }

  /** uint64 as a JS number (exact up to 2^53). */
  uint64(): number {
    const [lo, hi] = this.varintParts();
    return hi * 0x100000000 + lo;
  }

  bool(): boolean {
    const [lo, hi] = this.varintParts();
    return lo !== 0 || hi !== 0;
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new ProtobufError('unexpected end of protobuf data');
    const value = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return value;
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const length = this.uint32();
    if (this.pos + length > this.end) throw new ProtobufError('unexpected end of protobuf data');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** A reader over the next length-delimited field (an embedded message). */
  message(): ProtoReader {
    const length = this.uint32();
    if (this.pos + length > this.end) throw new ProtobufError('unexpected end of protobuf data');
    const reader = new ProtoReader(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return reader;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const tag = this.uint32();
    return { field: tag >>> 3, wire: tag & 7 };
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varintParts();
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_BYTES: {
        const length = this.uint32();
        this.pos += length;
        break;
      }
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new ProtobufError(`unsupported protobuf wire type ${wire}`);
    }
    if (this.pos > this.end) throw new ProtobufError('unexpected end of protobuf data');
  }
}

/** Appends fields to a growing buffer (enough for envelopes and test vectors). */
export class ProtoWriter {
  private readonly chunks: number[] = [];

  private varint(value: number): void {
    let v = value;
    while (v > 0x7f) {
      this.chunks.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.chunks.push(v);
  }

  tag(field: number, wire: number): this {
    this.varint(field * 8 + wire);
    return this;
  }

  uint(field: number, value: number): this {
    this.tag(field, WIRE_VARINT).varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_BYTES).varint(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
