// A SPDY/3.1 client session over a socket, as Kubernetes' streaming uses it (the peer is
// containerd's stream server, built on spdystream): the client opens streams with SYN_STREAM
// (odd ids, headers such as `streamtype: stdout`) and waits for SYN_REPLY; DATA frames carry
// the bytes, a FIN flag half-closes; PINGs are echoed; GOAWAY or the socket closing ends it.
// Like spdystream, no flow-control windows are enforced.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  type Frame,
  FrameReader,
  FrameType,
  synStreamPayload,
  u32Pair,
} from './frames.ts';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.ts';

/** Largest DATA payload sent in one frame. */
const MAX_DATA = 32 * 1024;

export class SpdyStream extends EventEmitter<{
  data: [Buffer];
  end: [];
  reset: [number];
}> {
  readonly id: number;
  readonly headers: Record<string, string>;
  replyHeaders: Record<string, string> = {};
  remoteClosed = false;
  localClosed = false;
  readonly #session: SpdySession;

  constructor(session: SpdySession, id: number, headers: Record<string, string>) {
    super();
    this.#session = session;
    this.id = id;
    this.headers = headers;
  }

  write(data: Buffer): void {
    if (this.localClosed) return;
    for (let at = 0; at < data.length; at += MAX_DATA)
      this.#session.send(dataFrame(this.id, 0, data.subarray(at, at + MAX_DATA)));
  }

  /** Half-closes our side (FIN). */
  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.#session.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
  }

  /** Ends the stream at once (RST_STREAM CANCEL). */
  reset(): void {
    if (this.localClosed && this.remoteClosed) return;
    this.localClosed = true;
    this.#session.send(controlFrame(FrameType.RST_STREAM, 0, u32Pair(this.id, 5)));
  }

  remoteFinished(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.emit('end');
  }
}

export class SpdySession extends EventEmitter<{ close: [] }> {
  readonly #socket: Duplex;
  readonly #reader = new FrameReader();
  readonly #compressor = new HeaderCompressor();
  readonly #decompressor = new HeaderDecompressor();
  readonly #streams = new Map<number, SpdyStream>();
  readonly #replies = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #closed = false;
  /** Control frames with header blocks must be decoded in order: one chain for all of them. */
  #incoming: Promise<void> = Promise.resolve();
  /** Frames must also leave in order although header blocks are compressed asynchronously. */
  #outgoing: Promise<void> = Promise.resolve();

  constructor(socket: Duplex, head?: Buffer) {
    super();
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    // Frames that came before the close may still be waiting for their header blocks to inflate
    // (a peer often sends its last SYN_REPLY, the data, GOAWAY and FIN in one burst): they are
    // handled first, so a reply that arrived is never reported as a closed session.
    const shutdownAfterFrames = () => {
      this.#incoming = this.#incoming.then(() => this.#shutdown());
    };
    socket.on('close', shutdownAfterFrames);
    socket.on('error', shutdownAfterFrames);
    if (head?.length) this.#receive(head);
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(frame: Buffer): void {
    this.#outgoing = this.#outgoing.then(() => {
      if (!this.#closed && !this.#socket.destroyed) this.#socket.write(frame);
    });
  }

  /** Opens a stream and resolves once the peer replied. */
  openStream(headers: Record<string, string>): Promise<SpdyStream> {
    if (this.#closed) return Promise.reject(new Error('SPDY session closed'));
    const id = this.#nextId;
    this.#nextId += 2;
    const stream = new SpdyStream(this, id, headers);
    this.#streams.set(id, stream);
    const replied = new Promise<void>((resolve, reject) => this.#replies.set(id, { resolve, reject }));
    const block = this.#compressor.compress(encodeHeaderBlock(headers));
    this.#outgoing = this.#outgoing.then(async () => {
      const frame = controlFrame(FrameType.SYN_STREAM, 0, synStreamPayload(id, 0, 0, await block));
      if (!this.#closed && !this.#socket.destroyed) this.#socket.write(frame);
    });
    return replied.then(() => stream);
  }

  close(): void {
    if (this.#closed) return;
    this.send(controlFrame(FrameType.GOAWAY, 0, u32Pair(0, 0)));
    this.#outgoing = this.#outgoing.then(() => {
      this.#socket.end();
    });
  }

  destroy(): void {
    this.#socket.destroy();
    this.#shutdown();
  }

  #receive(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.#reader.push(chunk);
    } catch {
      this.destroy();
      return;
    }
    for (const frame of frames) {
      this.#incoming = this.#incoming.then(() => this.#handle(frame)).catch(() => this.destroy());
    }
  }

  async #handle(frame: Frame): Promise<void> {
    if (frame.kind === 'data') {
      const stream = this.#streams.get(frame.streamId);
      if (!stream) return;
      if (frame.data.length) stream.emit('data', frame.data);
      if (frame.flags & FLAG_FIN) this.#finish(stream);
      return;
    }
    const p = frame.payload;
    switch (frame.type) {
      case FrameType.SYN_REPLY: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaderBlock(await this.#decompressor.decompress(p.subarray(4)));
        const stream = this.#streams.get(id);
        if (stream) stream.replyHeaders = headers;
        this.#replies.get(id)?.resolve();
        this.#replies.delete(id);
        if (stream && frame.flags & FLAG_FIN) this.#finish(stream);
        return;
      }
      case FrameType.SYN_STREAM: {
        // The runtime never opens streams towards us: refuse (REFUSED_STREAM), keeping the
        // decompression context in step.
        const id = p.readUInt32BE(0) & 0x7fffffff;
        await this.#decompressor.decompress(p.subarray(10));
        this.send(controlFrame(FrameType.RST_STREAM, 0, u32Pair(id, 3)));
        return;
      }
      case FrameType.HEADERS: {
        await this.#decompressor.decompress(p.subarray(4));
        return;
      }
      case FrameType.RST_STREAM: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const stream = this.#streams.get(id);
        this.#replies.get(id)?.reject(new Error(`stream ${id} reset (status ${p.readUInt32BE(4)})`));
        this.#replies.delete(id);
        if (stream) {
          stream.localClosed = true;
          stream.emit('reset', p.readUInt32BE(4));
          this.#finish(stream);
        }
        return;
      }
      case FrameType.PING:
        // Pings from the server carry even ids: echo them.
        if ((p.readUInt32BE(0) & 1) === 0) this.send(controlFrame(FrameType.PING, 0, p));
        return;
      case FrameType.GOAWAY:
        this.#socket.end();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE: nothing to do without flow control.
        return;
    }
  }

  #finish(stream: SpdyStream): void {
    stream.remoteFinished();
    if (stream.localClosed) this.#streams.delete(stream.id);
  }

  #shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const r of this.#replies.values()) r.reject(new Error('SPDY session closed'));
    this.#replies.clear();
    for (const s of this.#streams.values()) s.remoteFinished();
    this.#streams.clear();
    this.#compressor.close();
    this.#decompressor.close();
    this.emit('close');
  }
}
