import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer } from 'node:net';
import { Duplex } from 'node:stream';
import { test } from 'node:test';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameReader,
  FrameType,
  synReplyPayload,
} from './frames.ts';
import { HeaderCompressor, HeaderDecompressor, SPDY3_DICTIONARY } from './header-compression.ts';
import { SpdySession } from './session.ts';

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Two connected in-memory sockets. */
function socketPair(): [Duplex, Duplex] {
  const a = new Duplex({
    read() {},
    write(chunk, _e, cb) {
      b.push(chunk);
      cb();
    },
    final(cb) {
      b.push(null);
      cb();
    },
  });
  const b = new Duplex({
    read() {},
    write(chunk, _e, cb) {
      a.push(chunk);
      cb();
    },
    final(cb) {
      a.push(null);
      cb();
    },
  });
  return [a, b];
}

test('frames round-trip through the reader, split at any byte', () => {
  const bytes = Buffer.concat([
    controlFrame(FrameType.PING, 0, Buffer.from([0, 0, 0, 2])),
    dataFrame(3, FLAG_FIN, Buffer.from('hello')),
  ]);
  const reader = new FrameReader();
  const frames = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[0], {
    kind: 'control',
    type: FrameType.PING,
    flags: 0,
    payload: Buffer.from([0, 0, 0, 2]),
  });
  assert.deepEqual(frames[1], { kind: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.from('hello') });
});

test('header blocks: encoded, compressed with the SPDY/3 dictionary, and back', async () => {
  // The dictionary's id as zlib streams announce it (spec §2.6.10.1's dictionary).
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(adler32(SPDY3_DICTIONARY).toString(16), 'e3c6a7c2');
  const c = new HeaderCompressor();
  const d = new HeaderDecompressor();
  for (const headers of [{ streamtype: 'error' }, { streamtype: 'stdout', port: '80' }] as Record<
    string,
    string
  >[]) {
    const block = await c.compress(encodeHeaderBlock(headers));
    assert.deepEqual(decodeHeaderBlock(await d.decompress(block)), headers);
  }
  c.close();
  d.close();
});

test('a client session opens streams, exchanges data and half-closes', async () => {
  const [client, server] = socketPair();
  const session = new SpdySession(client);
  const reader = new FrameReader();
  const inflate = new HeaderDecompressor();
  const deflate = new HeaderCompressor();
  const seen: string[] = [];
  server.on('data', async (chunk: Buffer) => {
    for (const f of reader.push(chunk)) {
      if (f.kind === 'control' && f.type === FrameType.SYN_STREAM) {
        const id = f.payload.readUInt32BE(0);
        const headers = decodeHeaderBlock(await inflate.decompress(f.payload.subarray(10)));
        seen.push(`syn ${id} ${headers.streamtype}`);
        server.write(
          controlFrame(
            FrameType.SYN_REPLY,
            0,
            synReplyPayload(id, await deflate.compress(encodeHeaderBlock({}))),
          ),
        );
        server.write(dataFrame(id, 0, Buffer.from(`hi ${headers.streamtype}`)));
      } else if (f.kind === 'control' && f.type === FrameType.GOAWAY) {
        seen.push('goaway');
        server.end();
      } else if (f.kind === 'data') {
        seen.push(`data ${f.streamId} ${f.data.toString()} ${f.flags & FLAG_FIN ? 'fin' : ''}`.trim());
        if (f.flags & FLAG_FIN) server.write(dataFrame(f.streamId, FLAG_FIN, Buffer.alloc(0)));
      }
    }
  });
  const stdin = await session.openStream({ streamtype: 'stdin' });
  const received: string[] = [];
  stdin.on('data', (d) => received.push(d.toString()));
  const ended = new Promise<void>((resolve) => stdin.once('end', resolve));
  stdin.write(Buffer.from('x'));
  stdin.end();
  await ended;
  assert.equal(stdin.id, 1);
  assert.deepEqual(received, ['hi stdin']);
  assert.deepEqual(seen, ['syn 1 stdin', 'data 1 x', 'data 1  fin']);
  const closed = new Promise<void>((resolve) => session.once('close', resolve));
  session.close();
  await closed;
  assert.equal(session.closed, true);
  assert.equal(seen.at(-1), 'goaway');
  await assert.rejects(session.openStream({ streamtype: 'x' }), /SPDY session closed/);
});

test('a reply that arrives together with the end of the connection still opens its stream', async (t) => {
  // A busy runtime sends the last SYN_REPLY, the output, GOAWAY and its FIN in one burst; the
  // reply's header block inflates asynchronously, and the socket's close must not overtake it.
  // A loopback TCP connection, because the close of a real socket is what raced.
  const server = createServer((peer) => {
    const reader = new FrameReader();
    const inflate = new HeaderDecompressor();
    const deflate = new HeaderCompressor();
    peer.on('data', async (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if (f.kind !== 'control' || f.type !== FrameType.SYN_STREAM) continue;
        const id = f.payload.readUInt32BE(0);
        await inflate.decompress(f.payload.subarray(10));
        const reply = await deflate.compress(encodeHeaderBlock({}));
        peer.end(
          Buffer.concat([
            controlFrame(FrameType.SYN_REPLY, 0, synReplyPayload(id, reply)),
            dataFrame(id, FLAG_FIN, Buffer.from('done')),
            controlFrame(FrameType.GOAWAY, 0, Buffer.alloc(8)),
          ]),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  const session = new SpdySession(socket);
  const stream = await session.openStream({ streamtype: 'stdout' });
  assert.equal(stream.id, 1);
  if (!session.closed) await once(session, 'close');
  assert.equal(stream.remoteClosed, true);
});
