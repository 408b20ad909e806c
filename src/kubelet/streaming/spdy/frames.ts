// SPDY/3.1 frames on the wire (the framing Kubernetes' exec, attach and port-forward streams
// use between kubelet and runtime): control frames with a 15-bit version, a type, flags and a
// 24-bit length; data frames with a 31-bit stream id. Name/value header blocks are compressed
// by the session (header-compression.ts); here they are opaque bytes. Pure.

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

/** Splits a byte stream into frames; keeps an incomplete tail for the next call. */
export class FrameReader {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.#buffer.length >= 8) {
      const length = this.#buffer.readUInt32BE(4) & 0xffffff;
      if (this.#buffer.length < 8 + length) break;
      const flags = this.#buffer[4]!;
      const payload = Buffer.from(this.#buffer.subarray(8, 8 + length));
      if (this.#buffer[0]! & 0x80) {
        const version = this.#buffer.readUInt16BE(0) & 0x7fff;
        if (version !== SPDY_VERSION) throw new Error(`unsupported SPDY version ${version}`);
        frames.push({ kind: 'control', type: this.#buffer.readUInt16BE(2), flags, payload });
      } else {
        frames.push({
          kind: 'data',
          streamId: this.#buffer.readUInt32BE(0) & 0x7fffffff,
          flags,
          data: payload,
        });
      }
      this.#buffer = this.#buffer.subarray(8 + length);
    }
    return frames;
  }
}

function header(first: number, second: number, flags: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  if (second >= 0) h.writeUInt16BE(second, 2);
  h.writeUInt32BE(((flags & 0xff) << 24) | (length & 0xffffff), 4);
  return h;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const h = header(((0x8000 | SPDY_VERSION) << 16) >>> 0, type, flags, payload.length);
  return Buffer.concat([h, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([header(streamId & 0x7fffffff, -1, flags, data.length), data]);
}

export function synStreamPayload(
  streamId: number,
  associatedId: number,
  priority: number,
  block: Buffer,
): Buffer {
  const p = Buffer.alloc(10);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  p.writeUInt32BE(associatedId & 0x7fffffff, 4);
  p[8] = (priority & 0x7) << 5;
  p[9] = 0;
  return Buffer.concat([p, block]);
}

export function synReplyPayload(streamId: number, block: Buffer): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  return Buffer.concat([p, block]);
}

export function u32Pair(a: number, b: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(a >>> 0, 0);
  p.writeUInt32BE(b >>> 0, 4);
  return p;
}

/** An uncompressed name/value header block (SPDY/3: 32-bit counts and lengths). */
export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  const entries = Object.entries(headers);
  count.writeUInt32BE(entries.length, 0);
  parts.push(count);
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    const nl = Buffer.alloc(4);
    nl.writeUInt32BE(n.length, 0);
    const vl = Buffer.alloc(4);
    vl.writeUInt32BE(v.length, 0);
    parts.push(nl, n, vl, v);
  }
  return Buffer.concat(parts);
}

/** Decodes an uncompressed header block; multiple values (NUL-separated) are joined with ", ". */
export function decodeHeaderBlock(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  let at = 0;
  const count = block.readUInt32BE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const nl = block.readUInt32BE(at);
    at += 4;
    const name = block.subarray(at, at + nl).toString('utf8');
    at += nl;
    const vl = block.readUInt32BE(at);
    at += 4;
    headers[name] = block
      .subarray(at, at + vl)
      .toString('utf8')
      .split('\0')
      .join(', ');
    at += vl;
  }
  return headers;
}
