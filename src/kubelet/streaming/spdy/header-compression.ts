// SPDY/3 header blocks are zlib streams primed with a fixed dictionary (spec §2.6.10.1), one
// compression context per direction for the whole connection, each block ended with a sync
// flush. The dictionary below is built from the spec's list: length-prefixed common header
// names and values, then a run of status codes, reason phrases, dates and media types.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

const PREFIXED = [
  'options',
  'head',
  'post',
  'put',
  'delete',
  'trace',
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'age',
  'allow',
  'authorization',
  'cache-control',
  'connection',
  'content-base',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'date',
  'etag',
  'expect',
  'expires',
  'from',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'pragma',
  'proxy-authenticate',
  'proxy-authorization',
  'range',
  'referer',
  'retry-after',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'vary',
  'via',
  'warning',
  'www-authenticate',
  'method',
  'get',
  'status',
  '200 OK',
  'version',
  'HTTP/1.1',
  'url',
  'public',
  'set-cookie',
  'keep-alive',
  'origin',
];

const TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request' +
  '401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented' +
  '503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 ' +
  'Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,' +
  'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=' +
  'gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const SPDY3_DICTIONARY: Buffer = Buffer.concat([
  ...PREFIXED.map((word) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(word.length, 0);
    return Buffer.concat([len, Buffer.from(word, 'latin1')]);
  }),
  Buffer.from(TAIL, 'latin1'),
]);

/** Runs a zlib stream one block at a time: write, sync-flush, collect what came out. */
class BlockCodec {
  readonly #stream: Deflate | Inflate;
  readonly #out: Buffer[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #error: Error | undefined;

  constructor(stream: Deflate | Inflate) {
    this.#stream = stream;
    stream.on('data', (c: Buffer) => this.#out.push(c));
    stream.on('error', (err) => {
      this.#error = err;
    });
  }

  process(block: Buffer): Promise<Buffer> {
    const run = this.#queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          if (this.#error) return reject(this.#error);
          this.#stream.write(block);
          this.#stream.flush(constants.Z_SYNC_FLUSH, () => {
            if (this.#error) return reject(this.#error);
            resolve(Buffer.concat(this.#out.splice(0)));
          });
        }),
    );
    this.#queue = run.catch(() => {});
    return run;
  }

  close(): void {
    this.#stream.destroy();
  }
}

export class HeaderCompressor {
  readonly #codec = new BlockCodec(createDeflate({ dictionary: SPDY3_DICTIONARY }));
  compress(block: Buffer): Promise<Buffer> {
    return this.#codec.process(block);
  }
  close(): void {
    this.#codec.close();
  }
}

export class HeaderDecompressor {
  readonly #codec = new BlockCodec(createInflate({ dictionary: SPDY3_DICTIONARY }));
  decompress(block: Buffer): Promise<Buffer> {
    return this.#codec.process(block);
  }
  close(): void {
    this.#codec.close();
  }
}
