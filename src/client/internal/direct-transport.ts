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

const SEND_TEXT = Symbol('kts.client.sendText');

/** Attaches `send` to a transport. */
export function withSendText<F extends object>(fetch: F, send: SendText): F {
  Object.defineProperty(fetch, SEND_TEXT, { value: send });
  return fetch;
}

/** The transport's shortcut, if it has one. */
export function sendTextOf(fetch: object): SendText | undefined {
  return (fetch as { [SEND_TEXT]?: SendText })[SEND_TEXT];
}

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

const OPEN_STREAM = Symbol('kts.client.openStream');

/** Attaches a streaming shortcut to a transport. */
export function withOpenStream<F extends object>(fetch: F, open: OpenStream): F {
  Object.defineProperty(fetch, OPEN_STREAM, { value: open });
  return fetch;
}

/** The transport's streaming shortcut, if it has one. */
export function openStreamOf(fetch: object): OpenStream | undefined {
  return (fetch as { [OPEN_STREAM]?: OpenStream })[OPEN_STREAM];
}
