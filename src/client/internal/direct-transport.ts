// A shortcut a transport may offer beside its Fetch: one JSON request as plain values in, the
// answer's status, headers and text out, with no Request or Response objects built unless the
// caller needs one (to read an error). The HTTP transport offers it; the client takes it for
// requestJson and falls back to the Fetch otherwise (in-process and test transports).

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
