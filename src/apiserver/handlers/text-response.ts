// A Response whose body is a string held as is. `new Response(text)` makes undici encode the
// text and build a body stream for it on every answer (tens of µs, and garbage), although the
// HTTP front end writes the string itself and in-process callers mostly call text() or json().
// This one is a real Response (instanceof, headers, status) built without a body; reading it
// gives the same results as the undici one would, the stream made only if someone asks for it.

const encoder = new TextEncoder();

/** Statuses that cannot carry a body: the real constructor rejects them with one, so these take it. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Members this class redefines (the DOM typings declare them as properties, which a class cannot override). */
type Redefined =
  | 'body'
  | 'bodyUsed'
  | 'text'
  | 'json'
  | 'arrayBuffer'
  | 'bytes'
  | 'blob'
  | 'formData'
  | 'clone';
const ResponseBase = Response as unknown as new (body: null, init: ResponseInit) => Omit<Response, Redefined>;

class TextResponse extends ResponseBase {
  readonly #text: string;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;

  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
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

  clone(): Response {
    if (this.#used || this.#stream?.locked)
      throw new TypeError('Response.clone: Body has already been consumed.');
    return new TextResponse(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

/** A Response carrying `text`, read as the Response built from that text would be. */
export function textResponse(text: string, init: ResponseInit): Response {
  if (init.status !== undefined && NULL_BODY_STATUSES.has(init.status)) return new Response(text, init);
  return new TextResponse(text, init) as unknown as Response;
}

/** The text of a response made by textResponse whose body nobody has read; else undefined. */
export function unreadText(response: Response): string | undefined {
  return response instanceof TextResponse ? response.unreadText : undefined;
}
