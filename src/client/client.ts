// The client: one transport (a fetch-shaped function, over HTTP(S) or in-process), a base URL,
// and the component's identity (field manager, user agent). `client.resource(descriptor)` gives
// the typed verbs; `client.request` is the one place a request is sent, its errors turned into
// StatusError and its 429s / Retry-After answers retried, as client-go's rest client does.
import { errorFromResponse } from './api-error.ts';
import { bodyText, withBodyText } from './internal/buffered-bodies.ts';
import { openStreamOf, type SendText, sendTextOf } from './internal/direct-transport.ts';
import { scalarMetadata } from './internal/json-scan.ts';
import { sleep } from './internal/sleep.ts';
import type { ObjectLike } from './object.ts';
import type { ResourceDescriptor } from './resource.ts';
import { ResourceClient } from './resource-client.ts';
import type { Fetch } from './transport.ts';

export interface ClientOptions {
  fetch: Fetch;
  /** Base URL of the API server (may carry a path prefix). In-process transports accept any origin. */
  server?: string;
  /** Default `fieldManager` of writes (the component name, e.g. `kube-scheduler`). */
  fieldManager?: string;
  /** User-Agent header; the server derives a default field manager from its first segment. */
  userAgent?: string;
  /** How often a 429 (or a 5xx with Retry-After) is retried before giving up; upstream's default is 10. */
  maxRetries?: number;
  /** Called with each `Warning` header the server returns (deprecations, unknown fields). */
  onWarning?: (message: string) => void;
}

export interface RequestOptions {
  query?: string;
  /** A JSON value (serialized here) or an already-serialized string. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /**
   * What requestJson makes of a 2xx answer: `whole` (default) parses it; `none` reads it without
   * parsing and resolves undefined (the caller needs only the outcome); `metadata` resolves
   * `{ metadata }` with only metadata's string and number fields (name, uid, resourceVersion,
   * generation, ...), read without building the rest of the object.
   */
  answer?: 'whole' | 'none' | 'metadata';
}

const JSON_TYPE = 'application/json';

/** Talks to one API server. Usage: `const client = new Client({ fetch, server, fieldManager: 'kube-scheduler' })`. */
export class Client {
  readonly fetch: Fetch;
  readonly server: string;
  readonly fieldManager: string | undefined;
  readonly userAgent: string;
  readonly #maxRetries: number;
  readonly #onWarning: ((message: string) => void) | undefined;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.fetch = options.fetch;
    this.server = (options.server ?? 'http://localhost').replace(/\/+$/, '');
    this.fieldManager = options.fieldManager;
    this.userAgent = options.userAgent ?? defaultUserAgent(options.fieldManager ?? 'kts-client');
    this.#maxRetries = options.maxRetries ?? 10;
    this.#onWarning = options.onWarning;
  }

  /** The same connection with another component identity. Usage: `client.withFieldManager('kube-controller-manager')`. */
  withFieldManager(fieldManager: string, userAgent?: string): Client {
    const { userAgent: _ua, ...rest } = this.#options;
    return new Client({ ...rest, fieldManager, ...(userAgent ? { userAgent } : {}) });
  }

  /** Typed verbs on one resource. Usage: `client.resource<Pod>(PODS).namespace('default').get('web-0')`. */
  resource<T extends ObjectLike = ObjectLike>(d: ResourceDescriptor): ResourceClient<T> {
    return new ResourceClient<T>(this, d);
  }

  /** Sends a request and returns its 2xx response; anything else throws a StatusError. */
  async request(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    const { url, headers, body } = this.#outgoing(path, o);
    for (let attempt = 0; ; attempt++) {
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = body;
      if (o.signal) init.signal = o.signal;
      const request = new Request(url, init);
      const res = await this.fetch(body !== undefined ? withBodyText(request, body) : request);
      this.#reportWarnings(res);
      if (res.ok) return res;
      await this.#waitToRetry(res, attempt, o);
    }
  }

  /**
   * Sends a request whose 2xx answer streams (a watch) and returns its body: chunks straight from
   * the transport when it offers a streaming shortcut, else the Response's body stream. Errors and
   * retries as `request`.
   */
  async requestStream(
    method: string,
    path: string,
    o: RequestOptions = {},
  ): Promise<AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null> {
    const open = openStreamOf(this.fetch);
    if (!open) return (await this.request(method, path, o)).body;
    const { url, headers } = this.#outgoing(path, o);
    for (let attempt = 0; ; attempt++) {
      const answer = await open({ method, url, headers, ...(o.signal ? { signal: o.signal } : {}) });
      if (this.#onWarning) this.#reportWarningHeader(answer.header('warning'));
      if (answer.status >= 200 && answer.status < 300) return answer.chunks;
      await this.#waitToRetry(await answer.response(), attempt, o);
    }
  }

  /** Sends a request and parses the JSON answer. */
  async requestJson<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const send = sendTextOf(this.fetch);
    if (send) return this.#requestJsonDirect<T>(send, method, path, o);
    const res = await this.request(method, path, o);
    return answerOf<T>(bodyText(res) ?? (await res.text()), o.answer);
  }

  /** requestJson over a transport's shortcut (see internal/direct-transport.ts): the same retries and errors. */
  async #requestJsonDirect<T>(send: SendText, method: string, path: string, o: RequestOptions): Promise<T> {
    const { url, headers, body } = this.#outgoing(path, o);
    for (let attempt = 0; ; attempt++) {
      const answer = await send({
        method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      if (this.#onWarning) this.#reportWarningHeader(answer.header('warning'));
      if (answer.status >= 200 && answer.status < 300) return answerOf<T>(answer.text, o.answer);
      await this.#waitToRetry(answer.response(), attempt, o);
    }
  }

  /** The URL, headers and encoded body of a request: the same whichever way it is sent. */
  #outgoing(
    path: string,
    o: RequestOptions,
  ): { url: string; headers: Record<string, string>; body?: string } {
    const url = `${this.server}${path}${o.query ?? ''}`;
    const headers: Record<string, string> = { accept: o.accept ?? JSON_TYPE, 'user-agent': this.userAgent };
    if (o.body === undefined) return { url, headers };
    headers['content-type'] = o.contentType ?? JSON_TYPE;
    return { url, headers, body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) };
  }

  /**
   * After an answer that is not 2xx: waits and returns when it is to be retried (429 or 5xx with
   * Retry-After, within the retry budget); otherwise throws its Status.
   */
  async #waitToRetry(res: Response, attempt: number, o: RequestOptions): Promise<void> {
    const wait = retryDelaySeconds(res);
    if (wait === undefined || attempt >= this.#maxRetries || o.signal?.aborted)
      throw await errorFromResponse(res);
    await res.body?.cancel().catch(() => {});
    await sleep(wait * 1000, o.signal);
  }

  /** GET /version. Usage: `(await client.version()).gitVersion`. */
  version(): Promise<{ major: string; minor: string; gitVersion: string; [k: string]: unknown }> {
    return this.requestJson('GET', '/version');
  }

  #reportWarnings(res: Response): void {
    if (this.#onWarning) this.#reportWarningHeader(res.headers.get('warning'));
  }

  #reportWarningHeader(header: string | null): void {
    if (!this.#onWarning) return;
    if (!header) return;
    for (const m of header.matchAll(/\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g))
      this.#onWarning(m[1]!.replace(/\\(.)/g, '$1'));
  }
}

/** A 2xx answer's text as requestJson resolves it (see RequestOptions.answer). */
function answerOf<T>(text: string, answer: RequestOptions['answer']): T {
  if (!text || answer === 'none') return undefined as T;
  if (answer !== 'metadata') return JSON.parse(text) as T;
  const metadata = scalarMetadata(text);
  if (metadata) return { metadata } as T;
  // Not an object with a metadata object, as far as the scanner could tell: parse it all.
  const whole = JSON.parse(text) as { metadata?: Record<string, unknown> };
  const scalars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(whole.metadata ?? {}))
    if (typeof v === 'string' || typeof v === 'number') scalars[k] = v;
  return { metadata: scalars } as T;
}

/** Seconds to wait before retrying, or undefined when the answer is final (client-go's checkWait). */
function retryDelaySeconds(res: Response): number | undefined {
  if (res.status !== 429 && (res.status < 500 || res.status > 599)) return undefined;
  const header = res.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) : undefined;
}

const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

/** `<component>/v1.32.0 (linux/amd64) kts`, shaped as client-go's default user agent. */
export function defaultUserAgent(component: string): string {
  return `${component}/v1.32.0 (${process.platform}/${GO_ARCH[process.arch] ?? process.arch}) kts`;
}
