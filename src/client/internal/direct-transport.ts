// Shortcuts a transport may offer beside its Fetch. sendText: one JSON request as plain values in, the
// answer's status, headers and text out, with no Request or Response objects built unless the
// caller needs one (to read an error). openStream: a streaming answer (a watch) whose body comes as
// chunks, without a web ReadableStream adapter in between. The HTTP transport offers both; the client
// takes them for requestJson and watches, and falls back to the Fetch otherwise (in-process and
// test transports).

export interface TextRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TextAnswer {
  status: number;
  /** A header's value (repeated ones joined with ", "), or null. */
  header(name: string): string | null;
  text: string;
  /** The answer as a Response (for error decoding). */
  response(): Response;
}

export type SendText = (request: TextRequest) => Promise<TextAnswer>;

/** A shortcut a transport carries under a symbol of its own: `attach` puts it on, `of` reads it (undefined without). */
function transportShortcut<T>(description: string) {
  const key = Symbol(description);
  return {
    attach<F extends object>(fetch: F, value: T): F {
      Object.defineProperty(fetch, key, { value });
      return fetch;
    },
    of(fetch: object): T | undefined {
      return (fetch as { [key]?: T })[key];
    },
  };
}

const sendText = transportShortcut<SendText>('kts.client.sendText');
/** Attaches `send` to a transport. */
export const withSendText = sendText.attach;
/** The transport's shortcut, if it has one. */
export const sendTextOf = sendText.of;

/** A streaming answer (a watch): status and headers at once, then the body's chunks as they come. */
export interface StreamAnswer {
  status: number;
  header(name: string): string | null;
  /** The body's chunks; iterate once. Leaving the loop early (or the request's signal) ends the request. */
  chunks: AsyncIterable<Uint8Array>;
  /** The whole answer as a Response, its body read to the end (to decode an error). */
  response(): Promise<Response>;
}

export type OpenStream = (request: TextRequest) => Promise<StreamAnswer>;

const openStream = transportShortcut<OpenStream>('kts.client.openStream');
/** Attaches a streaming shortcut to a transport. */
export const withOpenStream = openStream.attach;
/** The transport's streaming shortcut, if it has one. */
export const openStreamOf = openStream.of;
