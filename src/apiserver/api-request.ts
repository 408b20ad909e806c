// What the API server reads of a request: its method, URL, headers and body. A web Request is
// one (in-process callers and tests pass those); the HTTP front end passes a lighter object
// built straight from node:http's message, with the body already read when its length is known,
// which spares every request the Request/Headers/ReadableStream machinery.

export interface ApiRequest {
  readonly method: string;
  /** The absolute URL (scheme, host, path and query). */
  readonly url: string;
  /** Header values by case-insensitive name, repeated headers joined with ", " (as Headers.get). */
  readonly headers: { get(name: string): string | null };
  /** The body as a stream; null when there is none or when `bodyBytes` holds it. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** The whole body, when the transport has read it already. */
  readonly bodyBytes?: Uint8Array;
  /** `url` parsed, when the transport has parsed it already (a private copy the server may keep). */
  readonly parsedUrl?: URL;
}

/**
 * Headers.get over node's raw header list (name, value, name, value…): each lookup scans the
 * list (a dozen headers or so; a request asks for a handful), comparing names of the right
 * length without regard to case, so no map of every header is built. Node's parser has already
 * rejected malformed names and values.
 */
export class RawHeaders {
  readonly #raw: readonly string[];

  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const raw = this.#raw;
    let found: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const key = raw[i]!;
      if (key.length !== wanted.length || (key !== wanted && key.toLowerCase() !== wanted)) continue;
      const value = raw[i + 1]!;
      found = found === null ? value : `${found}, ${value}`;
    }
    return found;
  }
}
