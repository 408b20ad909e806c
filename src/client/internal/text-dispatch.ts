// One request through an undici dispatcher, its answer gathered as text by a bare dispatch
// handler. undici's `request()` wraps every answer in a Readable stream (and an AsyncResource,
// and a parsed header object) that the client then drained only to get the text: on requests
// of a few hundred bytes that machinery was a large part of the client's CPU per write, which
// every component pays on every pod. The callbacks used here (onConnect, onHeaders, onData,
// onComplete, onError) are the ones undici's own `request()` handler implements.
import type { Dispatcher } from 'undici';
import type { StreamAnswer, TextAnswer } from './direct-transport.ts';

export interface TextDispatch {
  origin: string;
  /** Path and query. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Ties a request to its AbortSignal: `connected` is the handler's onConnect (undici hands it the
 * request's abort), `abort` ends the request, `release` unhooks the signal once it is over.
 */
function abortLink(signal: AbortSignal | undefined) {
  let abortRequest: ((reason?: Error) => void) | undefined;
  const onAbort = () => abortRequest?.(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    connected(abort: (reason?: Error) => void) {
      if (signal?.aborted) abort(signal.reason);
      else abortRequest = abort;
    },
    abort: (reason?: Error) => abortRequest?.(reason),
    release: () => signal?.removeEventListener('abort', onAbort),
  };
}

/** Sends one request; resolves with its final (non-1xx) status, headers and body text. */
export function dispatchText(dispatcher: Dispatcher, r: TextDispatch): Promise<TextAnswer> {
  return new Promise((resolve, reject) => {
    const signal = r.signal;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const link = abortLink(signal);
    const done = link.release;
    let status = 0;
    let raw: Buffer[] = [];
    const chunks: Buffer[] = [];
    const handler = {
      onConnect: link.connected,
      onHeaders(statusCode: number, rawHeaders: Buffer[]) {
        if (statusCode < 200) return true; // informational: the final answer follows
        status = statusCode;
        raw = rawHeaders;
        return true;
      },
      onData(chunk: Buffer) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        done();
        const text =
          NULL_BODY_STATUS.has(status) || r.method === 'HEAD'
            ? ''
            : chunks.length === 1
              ? chunks[0]!.toString('utf8')
              : Buffer.concat(chunks).toString('utf8');
        resolve(textAnswer(status, raw, text));
      },
      onError(err: Error) {
        done();
        reject(err);
      },
    };
    dispatcher.dispatch(
      {
        origin: r.origin,
        path: r.path,
        method: r.method as Dispatcher.HttpMethod,
        headers: r.headers,
        body: r.body ?? null,
        // undici closes the connection after a DELETE (or GET) that carries a body unless told
        // not to: every pod deletion (a DeleteOptions body) cost a new TLS connection.
        ...(r.body ? { reset: false } : {}),
      },
      handler,
    );
  });
}

/** Chunks buffered before the connection is paused until the reader catches up. */
const HIGH_WATER_CHUNKS = 64;

/**
 * Opens a streaming request (a watch): resolves at the answer's headers; the body's chunks then
 * come through `chunks` as undici delivers them, with no Readable or web stream in between.
 */
export function dispatchStream(dispatcher: Dispatcher, r: TextDispatch): Promise<StreamAnswer> {
  return new Promise((resolve, reject) => {
    const signal = r.signal;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const link = abortLink(signal);
    let finished = false;
    const finish = () => {
      finished = true;
      link.release();
    };
    let queue: Buffer[] = [];
    let head = 0;
    let failure: Error | undefined;
    let resumeReading: (() => void) | undefined;
    let paused = false;
    let wake: (() => void) | undefined;
    const wakeReader = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    async function* chunks(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          if (head < queue.length) {
            const chunk = queue[head]!;
            queue[head++] = undefined as unknown as Buffer;
            if (head === queue.length) {
              queue = [];
              head = 0;
            }
            if (paused && queue.length - head < HIGH_WATER_CHUNKS / 2) {
              paused = false;
              resumeReading?.();
            }
            yield chunk;
          } else if (failure) throw failure;
          else if (finished) return;
          else await new Promise<void>((w) => (wake = w));
        }
      } finally {
        // Left early (the watch was closed): end the request and release the connection.
        if (!finished) link.abort(new Error('the stream was closed by its reader'));
      }
    }
    let answered = false;
    const handler = {
      onConnect: link.connected,
      onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void) {
        if (statusCode < 200) return true;
        resumeReading = resume;
        answered = true;
        const answer = textAnswer(statusCode, rawHeaders, '');
        resolve({
          status: statusCode,
          header: answer.header,
          chunks: chunks(),
          response: async () => {
            const parts: Uint8Array[] = [];
            for await (const chunk of chunks()) parts.push(chunk);
            const text = Buffer.concat(parts).toString('utf8');
            return textAnswer(statusCode, rawHeaders, text).response();
          },
        });
        return true;
      },
      onData(chunk: Buffer) {
        queue.push(chunk);
        wakeReader();
        if (queue.length - head >= HIGH_WATER_CHUNKS) paused = true;
        return !paused;
      },
      onComplete() {
        finish();
        wakeReader();
      },
      onError(err: Error) {
        finish();
        failure = err;
        if (!answered) reject(err);
        wakeReader();
      },
    };
    dispatcher.dispatch(
      { origin: r.origin, path: r.path, method: r.method as Dispatcher.HttpMethod, headers: r.headers },
      handler,
    );
  });
}

/** The answer; header names and values come from undici as [name, value, name, value, ...]. */
function textAnswer(status: number, raw: Buffer[], text: string): TextAnswer {
  return {
    status,
    text,
    header(name) {
      const wanted = name.toLowerCase();
      let value: string | null = null;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = raw[i]!;
        if (key.length !== wanted.length || key.toString('latin1').toLowerCase() !== wanted) continue;
        const v = raw[i + 1]!.toString('latin1');
        value = value === null ? v : `${value}, ${v}`;
      }
      return value;
    },
    response() {
      const headers = new Headers();
      for (let i = 0; i + 1 < raw.length; i += 2)
        headers.append(raw[i]!.toString('latin1'), raw[i + 1]!.toString('latin1'));
      return new Response(NULL_BODY_STATUS.has(status) ? null : text, { status, headers });
    },
  };
}
