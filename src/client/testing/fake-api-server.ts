// A small in-memory API server behind a Fetch, for the client library's unit tests only (the
// real server is tested against the real client in test/). It keeps objects with a global
// resourceVersion, serves get/list (selectors, paging)/watch (bookmarks, initial events,
// 410 past a compaction)/create/update/status/patch/delete, and lets a test break things:
// compact history, cut every watch, fail the next requests.
import jsonpatch from 'fast-json-patch';
import type { Status } from '../../machinery/status.ts';
import { labelMatcher } from '../selectors.ts';
import type { Fetch } from '../transport.ts';

type Obj = {
  metadata: { name: string; namespace?: string; resourceVersion: string; uid: string; [k: string]: unknown };
  [k: string]: unknown;
};

interface Target {
  group: string;
  version: string;
  resource: string;
  namespace: string;
  name?: string;
  subresource?: string;
}

interface Change {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  coll: string;
  obj: Obj;
}

interface Watcher {
  coll: string;
  namespace: string;
  matches(o: Obj): boolean;
  send(line: string): void;
  close(): void;
}

/** One recorded request: method, path and query, and the parsed body. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  contentType: string | null;
}

function status(code: number, reason: string, message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code,
    reason: reason as Status['reason'],
    message,
  };
}

function json(body: unknown, code = 200): Response {
  return new Response(JSON.stringify(body), {
    status: code,
    headers: { 'content-type': 'application/json' },
  });
}

function parseTarget(pathname: string): Target | undefined {
  const seg = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  let rest: string[];
  let version: string;
  if (seg[0] === 'api') [version, rest] = [seg[1]!, seg.slice(2)];
  else if (seg[0] === 'apis') [group, version, rest] = [seg[1]!, seg[2]!, seg.slice(3)];
  else return undefined;
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, rest] = [rest[1]!, rest.slice(2)];
  const t: Target = { group, version, resource: rest[0]!, namespace };
  if (rest[1] !== undefined) t.name = rest[1];
  if (rest[2] !== undefined) t.subresource = rest[2];
  return t;
}

function fieldValue(o: Obj, path: string): string {
  let v: unknown = o;
  for (const part of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** The fake server. Usage: `const api = new FakeApiServer(); const client = new Client({ fetch: api.fetch })`. */
export class FakeApiServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly #objects = new Map<string, Map<string, Obj>>();
  #history: Change[] = [];
  #rv = 1;
  #compactedRv = 0;
  #uid = 0;
  readonly #watchers = new Set<Watcher>();
  #silent = false;
  #failures: { match: (r: RecordedRequest) => boolean; status: Status }[] = [];
  /** When true, a watch from a compacted resourceVersion is refused with HTTP 410 instead of an ERROR event. */
  expireWatchWithHttpError = false;

  /** The transport to give the client. */
  readonly fetch: Fetch = (req) => this.#handle(req);

  /** The latest resourceVersion. */
  get resourceVersion(): string {
    return String(this.#rv);
  }

  /** Number of open watch streams. */
  get openWatches(): number {
    return this.#watchers.size;
  }

  /** Forgets history up to now: watches and continue tokens from older versions get 410 Expired. */
  compact(): void {
    this.#compactedRv = this.#rv;
    this.#history = [];
  }

  /** Ends every open watch stream, as a server restart or a watch timeout would. */
  closeWatches(): void {
    for (const w of [...this.#watchers]) w.close();
  }

  /** Sends an ERROR event (e.g. 410 Expired) on every open watch, then ends them. */
  failWatches(s: Status): void {
    for (const w of [...this.#watchers]) {
      w.send(JSON.stringify({ type: 'ERROR', object: s }));
      w.close();
    }
  }

  /** Sends a BOOKMARK carrying the current resourceVersion on every open watch that asked for them. */
  bookmark(): void {
    for (const w of this.#watchers)
      w.send(
        JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: this.resourceVersion } } }),
      );
  }

  /** Makes the next request matching `match` fail with `s` (once). */
  failNext(match: (r: RecordedRequest) => boolean, s: Status): void {
    this.#failures.push({ match, status: s });
  }

  /**
   * Runs `fn` with watch notifications and history turned off: changes a watcher misses, as
   * if they happened while it was disconnected and the server then compacted them away.
   */
  async silently(fn: () => Promise<unknown> | unknown): Promise<void> {
    this.#silent = true;
    try {
      await fn();
    } finally {
      this.#silent = false;
    }
  }

  /** Stores an object directly (as another client would), notifying watchers. */
  seed(path: string, obj: Record<string, unknown>): Obj {
    const t = parseTarget(path)!;
    return this.#create(t, structuredClone(obj) as Obj);
  }

  /** Reads an object directly. */
  peek(path: string, name: string, namespace = ''): Obj | undefined {
    const t = parseTarget(path)!;
    return this.#objects.get(this.#coll(t))?.get(`${namespace}/${name}`);
  }

  #coll(t: Target): string {
    return `${t.group}/${t.resource}`;
  }

  #bucket(t: Target): Map<string, Obj> {
    const coll = this.#coll(t);
    let m = this.#objects.get(coll);
    if (!m) {
      m = new Map();
      this.#objects.set(coll, m);
    }
    return m;
  }

  #record(type: Change['type'], coll: string, obj: Obj): void {
    if (this.#silent) return;
    const change: Change = { rv: this.#rv, type, coll, obj: structuredClone(obj) };
    this.#history.push(change);
    for (const w of this.#watchers) {
      if (w.coll === coll && (!w.namespace || w.namespace === obj.metadata.namespace) && w.matches(obj)) {
        w.send(JSON.stringify({ type, object: change.obj }));
      }
    }
  }

  #create(t: Target, obj: Obj): Obj {
    const ns = t.namespace || obj.metadata.namespace || '';
    const key = `${ns}/${obj.metadata.name}`;
    const bucket = this.#bucket(t);
    if (bucket.has(key))
      throw status(409, 'AlreadyExists', `${t.resource} "${obj.metadata.name}" already exists`);
    obj.metadata = {
      ...obj.metadata,
      resourceVersion: String(++this.#rv),
      uid: obj.metadata.uid ?? `uid-${++this.#uid}`,
    };
    if (ns) obj.metadata.namespace = ns;
    bucket.set(key, obj);
    this.#record('ADDED', this.#coll(t), obj);
    return obj;
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const text = req.body ? await req.text() : '';
    const r: RecordedRequest = {
      method: req.method,
      path: url.pathname,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      contentType: req.headers.get('content-type'),
    };
    this.requests.push(r);
    const failure = this.#failures.findIndex((f) => f.match(r));
    if (failure >= 0) {
      const [f] = this.#failures.splice(failure, 1);
      return json(f!.status, f!.status.code);
    }
    const t = parseTarget(url.pathname);
    if (!t) return json(status(404, 'NotFound', 'the server could not find the requested resource'), 404);
    try {
      return this.#serve(req, r, t);
    } catch (e) {
      if (e && typeof e === 'object' && (e as Status).kind === 'Status') return json(e, (e as Status).code);
      throw e;
    }
  }

  #serve(req: Request, r: RecordedRequest, t: Target): Response {
    const bucket = this.#bucket(t);
    const key = `${t.namespace}/${t.name}`;
    const existing = t.name !== undefined ? bucket.get(key) : undefined;
    const notFound = () => status(404, 'NotFound', `${t.resource} "${t.name}" not found`);
    switch (r.method) {
      case 'GET':
        if (t.name !== undefined) {
          if (!existing) throw notFound();
          return json(existing);
        }
        return r.query.get('watch') ? this.#watch(req, r, t) : this.#list(r, t);
      case 'POST': {
        if (t.subresource) {
          if (!existing) throw notFound();
          return json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
        }
        return json(this.#create(t, structuredClone(r.body) as Obj), 201);
      }
      case 'PUT': {
        if (!existing) throw notFound();
        const body = r.body as Obj;
        if (
          body.metadata?.resourceVersion &&
          body.metadata.resourceVersion !== existing.metadata.resourceVersion
        ) {
          throw status(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${t.resource} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`,
          );
        }
        const next: Obj =
          t.subresource === 'status'
            ? { ...existing, status: body.status }
            : { ...body, status: existing.status ?? body.status };
        return json(this.#replace(t, key, next, existing));
      }
      case 'PATCH': {
        if (!existing) throw notFound();
        const patched =
          r.contentType === 'application/json-patch+json'
            ? (jsonpatch.applyPatch(structuredClone(existing), r.body as jsonpatch.Operation[])
                .newDocument as Obj)
            : (mergePatch(existing, r.body) as Obj);
        return json(this.#replace(t, key, patched, existing));
      }
      case 'DELETE': {
        if (!existing) throw notFound();
        const pre = (r.body as { preconditions?: { uid?: string; resourceVersion?: string } } | undefined)
          ?.preconditions;
        if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
          throw status(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${t.resource} "${t.name}": precondition failed`,
          );
        }
        bucket.delete(key);
        const gone = { ...existing, metadata: { ...existing.metadata, resourceVersion: String(++this.#rv) } };
        this.#record('DELETED', this.#coll(t), gone);
        return json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 });
      }
      default:
        throw status(405, 'MethodNotAllowed', `${r.method} is not allowed`);
    }
  }

  #replace(t: Target, key: string, next: Obj, existing: Obj): Obj {
    next.metadata = {
      ...next.metadata,
      name: existing.metadata.name,
      uid: existing.metadata.uid,
      resourceVersion: String(++this.#rv),
    };
    if (existing.metadata.namespace) next.metadata.namespace = existing.metadata.namespace;
    this.#bucket(t).set(key, next);
    this.#record('MODIFIED', this.#coll(t), next);
    return next;
  }

  #filter(r: RecordedRequest, t: Target): (o: Obj) => boolean {
    const labels = labelMatcher(r.query.get('labelSelector') ?? '');
    const fields = (r.query.get('fieldSelector') ?? '')
      .split(',')
      .filter(Boolean)
      .map((f) => f.split('=') as [string, string]);
    return (o) =>
      (!t.namespace || o.metadata.namespace === t.namespace) &&
      labels.matches(o.metadata.labels as Record<string, string> | undefined) &&
      fields.every(([path, v]) => fieldValue(o, path) === v);
  }

  #list(r: RecordedRequest, t: Target): Response {
    const matching = [...this.#bucket(t).values()].filter(this.#filter(r, t));
    const limit = Number(r.query.get('limit') ?? 0);
    let offset = 0;
    let rv = this.resourceVersion;
    const token = r.query.get('continue');
    if (token) {
      const c = JSON.parse(Buffer.from(token, 'base64').toString()) as { rv: string; offset: number };
      if (Number(c.rv) < this.#compactedRv) {
        throw status(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      [offset, rv] = [c.offset, c.rv];
    }
    const items = limit ? matching.slice(offset, offset + limit) : matching.slice(offset);
    const metadata: Record<string, unknown> = { resourceVersion: rv };
    if (limit && offset + limit < matching.length) {
      metadata.continue = Buffer.from(JSON.stringify({ rv, offset: offset + limit })).toString('base64');
    }
    // List items carry no apiVersion/kind, as the real server's JSON lists.
    const bare = items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    return json({
      kind: 'List',
      apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
      metadata,
      items: bare,
    });
  }

  #watch(req: Request, r: RecordedRequest, t: Target): Response {
    const rvParam = r.query.get('resourceVersion') ?? '';
    const initial = r.query.get('sendInitialEvents') === 'true';
    const from = Number(rvParam || 0);
    if (from > 0 && from < this.#compactedRv) {
      const expired = status(410, 'Expired', `too old resource version: ${from} (${this.#compactedRv})`);
      if (this.expireWatchWithHttpError) return json(expired, 410);
      return new Response(`${JSON.stringify({ type: 'ERROR', object: expired })}\n`, { status: 200 });
    }
    const matches = this.#filter(r, t);
    const coll = this.#coll(t);
    const bookmarks = r.query.get('allowWatchBookmarks') === 'true';
    let ctl!: ReadableStreamDefaultController<Uint8Array>;
    const enc = new TextEncoder();
    const watcher: Watcher = {
      coll,
      namespace: t.namespace,
      matches,
      send: (line) => {
        if (!line.includes('"BOOKMARK"') || bookmarks) ctl.enqueue(enc.encode(`${line}\n`));
      },
      close: () => {
        this.#watchers.delete(watcher);
        try {
          ctl.close();
        } catch {
          // already closed or cancelled
        }
      },
    };
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        ctl = c;
      },
      cancel: () => {
        this.#watchers.delete(watcher);
      },
    });
    if (initial || rvParam === '' || rvParam === '0') {
      for (const o of this.#bucket(t).values())
        if (matches(o)) watcher.send(JSON.stringify({ type: 'ADDED', object: o }));
      if (initial) {
        const end = {
          metadata: {
            resourceVersion: this.resourceVersion,
            annotations: { 'k8s.io/initial-events-end': 'true' },
          },
        };
        watcher.send(JSON.stringify({ type: 'BOOKMARK', object: end }));
      }
    } else {
      for (const c of this.#history) {
        if (c.rv > from && c.coll === coll && matches(c.obj))
          watcher.send(JSON.stringify({ type: c.type, object: c.obj }));
      }
    }
    this.#watchers.add(watcher);
    req.signal.addEventListener('abort', () => watcher.close(), { once: true });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }
}
