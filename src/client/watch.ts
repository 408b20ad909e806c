// A watch as the client sees it: the body of a `?watch=true` response, newline-delimited JSON
// events `{"type":"ADDED","object":{...}}`, read as an async iterable. ERROR events carry a
// Status (410 Expired when the resourceVersion fell out of the server's window).
import type { Status } from '../machinery/status.ts';
import { withoutManagedFields } from './internal/json-scan.ts';

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
    if (this.#consumed) throw new Error('a watch can be iterated only once');
    this.#consumed = true;
    if (!this.#body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of this.#chunks(this.#body)) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) yield parseEvent<T>(line, this.#omitManagedFields);
          if (this.#abort.signal.aborted) return;
          newline = buffered.indexOf('\n');
        }
      }
      const rest = (buffered + decoder.decode()).trim();
      if (rest && !this.#abort.signal.aborted) yield parseEvent<T>(rest, this.#omitManagedFields);
    } catch (e) {
      if (this.#abort.signal.aborted) return;
      throw e;
    } finally {
      this.#abort.abort();
    }
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

function parseEvent<T>(line: string, omitManagedFields: boolean): WatchEvent<T> {
  const text = omitManagedFields ? (withoutManagedFields(line) ?? line) : line;
  const ev = JSON.parse(text) as { type?: unknown; object?: unknown };
  if (omitManagedFields && text === line) dropManagedFields(ev.object);
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

/** Deletes `metadata.managedFields` of an event's object, when the text scan left it in. */
function dropManagedFields(object: unknown): void {
  const metadata = (object as { metadata?: { managedFields?: unknown } } | undefined)?.metadata;
  if (metadata?.managedFields !== undefined) delete metadata.managedFields;
}
