// WATCH: a chunked stream of newline-delimited JSON events served from the watch cache.
// - resourceVersion unset or "0": synthetic ADDED events for the current state first (unset
//   waits for a consistent state), then changes;
// - resourceVersion=N: every change after N (an ERROR event with 410 Expired when N is older
//   than the cache's window — clients relist);
// - sendInitialEvents=true: the initial ADDED events end with a BOOKMARK annotated
//   `k8s.io/initial-events-end: "true"` (with allowWatchBookmarks);
// - allowWatchBookmarks: a BOOKMARK with the current revision now and then;
// - `as=Table`: each event's object is a one-row Table (columns in the first event only).
import type { KubeObject } from '../../api/strategy.ts';
import { badRequest, expired } from '../../machinery/status.ts';
import type { OutputFormat } from '../negotiation.ts';
import type { ResourceTable, ServedResource } from '../registry/resource-table.ts';
import type { CacheDispatcher } from '../storage/cache-dispatcher.ts';
import { renderedText } from '../storage/object-codec.ts';
import {
  type CacheEvent,
  type DeliveredEvent,
  type ObjectFilter,
  TooOldResourceVersionError,
  type WatchEventType,
} from '../storage/watch-cache.ts';
import { type IncludeObject, tableObject, toVersion } from './codec.ts';

export interface WatchParams {
  served: ServedResource;
  version: string;
  filter: ObjectFilter;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  sendInitialEvents?: boolean;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  output: OutputFormat;
  includeObject: IncludeObject;
}

/**
 * UTF-8 bytes of an event line. Buffer.from carves small ones out of node's shared pool, where
 * TextEncoder gives each its own ArrayBuffer (several times slower, and more for the GC to sweep):
 * lines live only until written to the watchers' sockets.
 */
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
/** Buffered bytes after which a watcher that does not read is dropped (upstream closes slow watchers too). */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const BOOKMARK_INTERVAL_MS = 10_000;
/** Serialized form of a cache event per served group/version, shared by every watcher that wants exactly that. */
const serializedCache = new WeakMap<CacheEvent, Map<string, Uint8Array>>();

export interface WatchServer {
  dispatcher: CacheDispatcher;
  table: ResourceTable;
  /** Close functions of the open watches, called when the server shuts down. */
  openWatches: Set<() => void>;
}

export async function serveWatch(server: WatchServer, p: WatchParams): Promise<Response> {
  const { dispatcher } = server;
  const cache = dispatcher.cacheFor(p.served.prefix);
  const rv = p.resourceVersion;
  // resourceVersionMatch and sendInitialEvents combinations were validated before (list-options.ts).
  if (rv !== undefined && rv !== '' && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${rv}`);
  const initial = p.sendInitialEvents ?? (rv === undefined || rv === '' || rv === '0');
  if (initial && (rv === undefined || rv === '')) await dispatcher.waitFresh();
  else if (rv && rv !== '0') await dispatcher.waitFor(Number(rv));

  const version = p.version;
  const cacheKey = `${p.served.group}/${version}`;
  let firstTable = true;
  const now = () => new Date();

  const render = (type: WatchEventType, object: KubeObject, source?: CacheEvent): string | Uint8Array => {
    if (p.output.kind === 'object' && source && type === source.type) {
      let lines = serializedCache.get(source);
      if (!lines) serializedCache.set(source, (lines = new Map()));
      let line = lines.get(cacheKey);
      if (line === undefined) {
        // Encoded once per event and group/version, then shared by every watcher (fan-out).
        const out = toVersion(object, p.served, version);
        const text = (out === object ? renderedText(object) : undefined) ?? JSON.stringify(out);
        line = utf8(`{"type":"${type}","object":${text}}\n`);
        lines.set(cacheKey, line);
      }
      return line;
    }
    let out: KubeObject;
    if (type === 'ERROR' || type === 'BOOKMARK') out = object;
    else if (p.output.kind === 'table') {
      out = tableObject(
        p.served,
        version,
        [object],
        { resourceVersion: object.metadata?.resourceVersion },
        p.includeObject,
        now(),
        firstTable,
      );
      firstTable = false;
    } else if (p.output.kind === 'partial') {
      out = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata ?? {} };
    } else out = toVersion(object, p.served, version);
    const text = (out === object ? renderedText(object) : undefined) ?? JSON.stringify(out);
    return `{"type":"${type}","object":${text}}\n`;
  };

  const bookmark = (revision: number, initialEnd = false): string => {
    const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    const kind = p.output.kind === 'table' || p.output.kind === 'partial' ? undefined : p.served.kind;
    const obj = kind
      ? { kind, apiVersion: toVersion({ metadata: {} }, p.served, version).apiVersion, metadata }
      : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
    return `{"type":"BOOKMARK","object":${JSON.stringify(obj)}}\n`;
  };

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unregister: (() => void) | undefined;
  let timers: NodeJS.Timeout[] = [];
  let lastBookmark = Date.now();
  const close = () => {
    if (closed) return;
    closed = true;
    unregister?.();
    server.openWatches.delete(close);
    for (const t of timers) clearTimeout(t);
    timers = [];
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  };
  const write = (text: string | Uint8Array) => {
    if (closed) return;
    if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) {
      close();
      return;
    }
    controller.enqueue(typeof text === 'string' ? utf8(text) : text);
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: 0 },
  );

  // Initial state, then live events from the revision it was taken at.
  let from = rv && rv !== '0' && !p.sendInitialEvents ? Number(rv) : dispatcher.revision;
  if (initial) {
    from = dispatcher.revision;
    const { items } = cache.list(p.filter);
    for (const obj of items) write(render('ADDED', obj));
    // The initial-events-end bookmark is a bookmark: sent only to watchers that allow them.
    if (p.sendInitialEvents && p.allowBookmarks) write(bookmark(from, true));
  }
  try {
    unregister = cache.watch(
      {
        filter: p.filter,
        deliver: (e: DeliveredEvent) => write(render(e.type, e.object, e.source)),
        progress: (revision: number) => {
          if (!p.allowBookmarks || Date.now() - lastBookmark < BOOKMARK_INTERVAL_MS) return;
          lastBookmark = Date.now();
          write(bookmark(revision));
        },
      },
      from,
    );
  } catch (e) {
    if (!(e instanceof TooOldResourceVersionError)) throw e;
    const status = expired(`too old resource version: ${e.requested} (${e.oldest})`).toStatus();
    write(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
    close();
  }
  if (!closed) {
    const timeoutMs = (p.timeoutSeconds ?? 1800 * (1 + Math.random())) * 1000;
    timers.push(setTimeout(close, timeoutMs));
    if (p.allowBookmarks) {
      const tick = () => {
        if (closed) return;
        if (Date.now() - lastBookmark >= BOOKMARK_INTERVAL_MS) {
          lastBookmark = Date.now();
          write(bookmark(dispatcher.revision));
        }
        timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
      };
      timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
    }
    server.openWatches.add(close);
  }
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
      'cache-control': 'no-cache, private',
    },
  });
}
