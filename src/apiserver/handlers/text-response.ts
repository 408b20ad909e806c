// A Response whose body is a string held as is, built without undici's machinery. Every answer
// the API server gives goes through here (jsonResponse), and undici's constructor — even with a
// null body — converts the init, fills and validates a Headers list and sets up body state on
// each one, while the HTTP front end needs none of it: it writes the status, the header record
// and the string itself (plainParts). To everyone else this is a Response like the one built from
// the same text (instanceof, status, headers, text(), json(), body, clone()…): its Headers are
// made on first use, its stream only if someone asks for it.
import { inspect } from 'node:util';

const encoder = new TextEncoder();

type HeadersInit = NonNullable<ResponseInit['headers']>;

/** Statuses that cannot carry a body: the real constructor rejects them with one, so these take it. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A header name undici keeps as it is (a lower-case token). */
const PLAIN_NAME = /^[a-z0-9-]+$/;
/**
 * A value undici keeps as it is and node writes: bytes (no character past U+00FF), no control
 * character but inner tabs, no surrounding whitespace.
 */
const PLAIN_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
/** Headers the writer treats specially: records holding them take the Headers path. */
const SPECIAL = new Set(['set-cookie', 'warning', 'transfer-encoding']);

/** `init.headers` when it is a plain record that Headers would hold unchanged; else undefined. */
function plainRecord(headers: HeadersInit | undefined): Record<string, string> | undefined {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || Object.getPrototypeOf(headers) !== Object.prototype) return undefined;
  const record = headers as Record<string, unknown>;
  for (const name in record) {
    const value = record[name];
    if (typeof value !== 'string' || !PLAIN_NAME.test(name) || !PLAIN_VALUE.test(value) || SPECIAL.has(name))
      return undefined;
  }
  return record as Record<string, string>;
}

class TextResponse {
  readonly #text: string;
  readonly #status: number;
  /** The headers as given, while nobody has asked for the Headers object. */
  #record: Record<string, string> | undefined;
  #headers: Headers | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;

  constructor(text: string, status: number, headers: HeadersInit | undefined) {
    this.#text = text;
    this.#status = status;
    this.#record = plainRecord(headers);
    // Anything else is checked (and rejected) now, as the real constructor would.
    if (!this.#record) this.#headers = new Headers(headers);
  }

  get status(): number {
    return this.#status;
  }

  get statusText(): string {
    return '';
  }

  get ok(): boolean {
    return this.#status >= 200 && this.#status <= 299;
  }

  get type(): Response['type'] {
    return 'default';
  }

  get url(): string {
    return '';
  }

  get redirected(): boolean {
    return false;
  }

  get headers(): Headers {
    if (!this.#headers) {
      this.#headers = new Headers(this.#record);
      this.#record = undefined;
    }
    return this.#headers;
  }

  /** Status, header record and text, for a writer that sends them as they are; else undefined. */
  get plainParts(): { status: number; headers: Record<string, string>; text: string } | undefined {
    if (this.#used || this.#stream || !this.#record) return undefined;
    return { status: this.#status, headers: this.#record, text: this.#text };
  }

  /** The string, for a writer that sends it as is (undefined once the body was read). */
  get unreadText(): string | undefined {
    return this.#used || this.#stream ? undefined : this.#text;
  }

  get body(): ReadableStream<Uint8Array> {
    if (!this.#stream) {
      let bytes: Uint8Array | undefined = encoder.encode(this.#text);
      this.#stream = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          this.#used = true;
          if (bytes) controller.enqueue(bytes);
          bytes = undefined;
          controller.close();
        },
      });
    }
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  #consume(): string {
    if (this.#used || this.#stream?.locked)
      throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#text;
  }

  text(): Promise<string> {
    try {
      return Promise.resolve(this.#consume());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.#consume()));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    try {
      return Promise.resolve(encoder.encode(this.#consume()).buffer as ArrayBuffer);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    try {
      return Promise.resolve(encoder.encode(this.#consume()) as Uint8Array<ArrayBuffer>);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  blob(): Promise<Blob> {
    try {
      const type = this.headers.get('content-type') ?? '';
      return Promise.resolve(new Blob([this.#consume()], { type }));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  formData(): Promise<FormData> {
    try {
      return new Response(this.#consume(), { headers: this.headers }).formData();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  textStream(): ReadableStream<string> {
    if (this.#used || this.#stream?.locked)
      throw new TypeError('Body is unusable: Body has already been read');
    return this.body.pipeThrough(
      new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>,
    );
  }

  clone(): Response {
    if (this.#used || this.#stream?.locked)
      throw new TypeError('Response.clone: Body has already been consumed.');
    const headers = this.#record ? { ...this.#record } : new Headers(this.#headers);
    return new TextResponse(this.#text, this.#status, headers) as unknown as Response;
  }

  [inspect.custom](depth: number, options: object): string {
    const shown = {
      status: this.status,
      statusText: '',
      headers: this.headers,
      body: this.#used ? null : this.#text,
      bodyUsed: this.#used,
      ok: this.ok,
      redirected: false,
      type: 'default',
      url: '',
    };
    return `Response ${inspect(shown, { ...options, depth })}`;
  }
}
// A Response to instanceof and to anything reading Response.prototype; every accessor the
// prototype has that reads undici's internal state is defined above.
Object.setPrototypeOf(TextResponse.prototype, Response.prototype);

/** A Response carrying `text`, read as the Response built from that text would be. */
export function textResponse(text: string, init: ResponseInit): Response {
  const status = init.status ?? 200;
  // Anything unusual (a status without a body or out of range, a reason phrase) takes the real one.
  if (!Number.isInteger(status) || status < 200 || status > 599 || NULL_BODY_STATUSES.has(status))
    return new Response(text, init);
  if (init.statusText !== undefined && init.statusText !== '') return new Response(text, init);
  return new TextResponse(text, status, init.headers) as unknown as Response;
}

/** The text of a response made by textResponse whose body nobody has read; else undefined. */
export function unreadText(response: Response): string | undefined {
  return response instanceof TextResponse ? response.unreadText : undefined;
}

/**
 * Status, header record (lower-case names, as Headers would hold them) and text of a response
 * made by textResponse that nobody has read and whose Headers nobody asked for; else undefined.
 */
export function plainParts(
  response: Response,
): { status: number; headers: Record<string, string>; text: string } | undefined {
  return response instanceof TextResponse ? response.plainParts : undefined;
}
