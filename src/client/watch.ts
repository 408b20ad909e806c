// A watch as the client sees it: the body of a `?watch=true` response, newline-delimited JSON
// events `{"type":"ADDED","object":{...}}`, read as an async iterable. ERROR events carry a
// Status (410 Expired when the resourceVersion fell out of the server's window).

import { Buffer } from 'node:buffer';
import type { Status } from '../machinery/status.ts';
import { isSpace } from './internal/json-chars.ts';
import { managedFieldsRange } from './internal/managed-fields-bytes.ts';
import type { ObjectLike } from './object.ts';
import { stripManagedFields } from './strip-managed-fields.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One event of a watch stream; BOOKMARK objects carry only `metadata.resourceVersion` (and annotations). */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

/** The annotation on the BOOKMARK that ends the initial events of a `sendInitialEvents=true` watch. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/**
 * An open watch. Usage: `for await (const ev of w) { ... }`; `w.close()` ends it from outside
 * (the loop then finishes normally). The iterable can be consumed once.
 */
export class Watch<T> implements AsyncIterable<WatchEvent<T>> {
  readonly #body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
  readonly #abort: AbortController;
  readonly #omitManagedFields: boolean;
  #consumed = false;

  /**
   * Wraps a streaming body: a web stream (a Response's), or the chunks a transport hands over
   * directly; `abort` is the controller whose signal the request carries. `omitManagedFields`:
   * objects arrive without `metadata.managedFields` (for a reader that would drop them anyway,
   * such as an informer stripping them: the field sets are never built).
   */
  constructor(
    body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null,
    abort: AbortController,
    o: { omitManagedFields?: boolean } = {},
  ) {
    this.#body = body;
    this.#abort = abort;
    this.#omitManagedFields = o.omitManagedFields ?? false;
  }

  /** Ends the watch: the iteration stops and the connection is released. */
  close(): void {
    this.#abort.abort();
  }

  /** Whether `close()` was called (or the request's signal was aborted). */
  get closed(): boolean {
    return this.#abort.signal.aborted;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    for await (const batch of this.batches()) {
      for (const ev of batch) {
        yield ev;
        if (this.#abort.signal.aborted) return;
      }
    }
  }

  /**
   * The events, an array at a time: those each chunk of the body completes, in order (never an
   * empty array). For a reader that applies events synchronously, such as an informer's
   * reflector: one asynchronous step per chunk instead of one per event. Like the event
   * iteration, this can be consumed once (and not together with it).
   */
  async *batches(): AsyncGenerator<WatchEvent<T>[]> {
    if (this.#consumed) throw new Error('a watch can be iterated only once');
    this.#consumed = true;
    if (!this.#body) return;
    // Events are split on the bytes (a newline byte never occurs inside a UTF-8 sequence) and
    // each is decoded whole, so that the parts of it nobody reads need not be decoded at all.
    let pending: Buffer[] = []; // the start of an event that continues in the next chunk
    try {
      for await (const chunk of this.#chunks(this.#body)) {
        let bytes = asBuffer(chunk);
        let newline = bytes.indexOf(NEWLINE);
        if (newline < 0) {
          pending.push(Buffer.from(bytes)); // a copy: the chunk is not ours to keep
          continue;
        }
        if (pending.length > 0) {
          pending.push(bytes);
          const joined = Buffer.concat(pending);
          newline += joined.length - bytes.length;
          bytes = joined;
          pending = [];
        }
        const batch: WatchEvent<T>[] = [];
        let start = 0;
        while (newline >= 0) {
          let ev: WatchEvent<T> | undefined;
          try {
            ev = this.#decode(bytes, start, newline);
          } catch (e) {
            // The events before a malformed one still count, as when read one by one.
            if (batch.length > 0) yield batch;
            throw e;
          }
          if (ev) batch.push(ev);
          start = newline + 1;
          newline = bytes.indexOf(NEWLINE, start);
        }
        if (start < bytes.length) pending.push(Buffer.from(bytes.subarray(start)));
        if (batch.length > 0) {
          yield batch;
          if (this.#abort.signal.aborted) return;
        }
      }
      if (pending.length > 0 && !this.#abort.signal.aborted) {
        const rest = Buffer.concat(pending);
        const ev = this.#decode(rest, 0, rest.length);
        if (ev) yield [ev];
      }
    } catch (e) {
      if (this.#abort.signal.aborted) return;
      throw e;
    } finally {
      this.#abort.abort();
    }
  }

  /** The event in `bytes[start, end)`, undefined for a blank line. */
  #decode(bytes: Buffer, start: number, end: number): WatchEvent<T> | undefined {
    while (start < end && isSpace(bytes[start]!)) start++;
    while (end > start && isSpace(bytes[end - 1]!)) end--;
    if (start === end) return undefined;
    if (!this.#omitManagedFields) return parseEvent<T>(bytes.toString('utf8', start, end));
    const cut = managedFieldsRange(bytes, start, end);
    if (!cut) {
      const ev = parseEvent<T>(bytes.toString('utf8', start, end));
      if (typeof ev.object === 'object' && ev.object !== null) stripManagedFields(ev.object as ObjectLike);
      return ev;
    }
    return parseEvent<T>(bytes.toString('utf8', start, cut.from) + bytes.toString('utf8', cut.to, end));
  }

  /** The body's chunks until it ends or the watch is closed. */
  async *#chunks(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    if (!(body instanceof ReadableStream)) {
      // The transport's own chunks: the request's signal (aborted by close()) ends them.
      yield* body;
      return;
    }
    const reader = body.getReader();
    // A pending read ends at once when the watch is closed: over HTTP the abort errors the body,
    // but a body from the in-process transport (`kts server`'s own components) only ends when the
    // server next writes to it, which can be many seconds on a quiet cluster — and every
    // component's shutdown waited for that.
    const cancelRead = () => reader.cancel().catch(() => {});
    this.#abort.signal.addEventListener('abort', cancelRead, { once: true });
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        yield chunk.value;
      }
    } finally {
      this.#abort.signal.removeEventListener('abort', cancelRead);
      this.#abort.abort();
      reader.cancel().catch(() => {});
    }
  }
}

const NEWLINE = 0x0a;

/** The chunk as a Buffer over the same memory (chunks of the HTTP transport are Buffers already). */
function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function parseEvent<T>(line: string): WatchEvent<T> {
  const ev = JSON.parse(line) as { type?: unknown; object?: unknown };
  switch (ev.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
    case 'BOOKMARK':
    case 'ERROR':
      return ev as WatchEvent<T>;
    default:
      throw new Error(`unexpected watch event type ${JSON.stringify(ev.type)}`);
  }
}
