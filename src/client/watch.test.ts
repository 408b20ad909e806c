import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Watch } from './watch.ts';

/** A body like the in-process transport's on a quiet cluster: one event, then nothing until cancelled. */
function quietBody(onCancel: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n'));
    },
    cancel: onCancel,
  });
}

test('close() ends a watch whose body stays silent, and cancels the body', async () => {
  let cancelled = false;
  const w = new Watch<{ metadata: { name: string } }>(
    quietBody(() => {
      cancelled = true;
    }),
    new AbortController(),
  );
  const seen: string[] = [];
  const iterating = (async () => {
    for await (const ev of w) {
      seen.push(`${ev.type} ${(ev.object as { metadata: { name: string } }).metadata.name}`);
      // Closed while the next read is pending on a body that would never write again.
      setImmediate(() => w.close());
    }
  })();
  await iterating; // would never settle if the pending read were left waiting
  assert.deepEqual(seen, ['ADDED a']);
  assert.equal(cancelled, true);
  assert.equal(w.closed, true);
});

test('aborting the request signal ends the watch the same way', async () => {
  const abort = new AbortController();
  const w = new Watch<{ metadata: { name: string } }>(
    quietBody(() => {}),
    abort,
  );
  let events = 0;
  for await (const _ of w) {
    events++;
    setImmediate(() => abort.abort());
  }
  assert.equal(events, 1);
});

test('omitManagedFields: objects arrive without metadata.managedFields, everything else as sent', async () => {
  const events = [
    {
      type: 'ADDED',
      object: { metadata: { name: 'a', managedFields: [{ manager: 'm', fieldsV1: { 'f:x': {} } }] } },
    },
    {
      type: 'MODIFIED',
      object: { metadata: { name: 'a', resourceVersion: '2' }, spec: { managedFields: 1 } },
    },
    { type: 'BOOKMARK', object: { metadata: { resourceVersion: '3' } } },
  ];
  const lines = events.map((e) => `${JSON.stringify(e)}\n`).join('');
  // Split mid-event, as chunks of a stream are.
  const chunks = [lines.slice(0, 30), lines.slice(30, 100), lines.slice(100)].map((s) =>
    new TextEncoder().encode(s),
  );
  const read = async (omitManagedFields: boolean) => {
    const seen: unknown[] = [];
    for await (const ev of new Watch<unknown>(chunksOf(chunks), new AbortController(), { omitManagedFields }))
      seen.push(ev);
    return seen;
  };
  assert.deepEqual(await read(false), events);
  const [added, ...rest] = structuredClone(events);
  delete (added!.object.metadata as { managedFields?: unknown }).managedFields;
  assert.deepEqual(await read(true), [added, ...rest]);
});

async function* chunksOf(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

test('events split anywhere across chunks, even inside a UTF-8 sequence, decode the same', async () => {
  const events = [
    { type: 'ADDED', object: { metadata: { name: 'é€😀', managedFields: [{ manager: 'ü' }] } } },
    { type: 'MODIFIED', object: { metadata: { name: 'b' } } },
  ];
  const bytes = new TextEncoder().encode(`${events.map((e) => JSON.stringify(e)).join('\r\n')}\n\n`);
  for (let cut = 0; cut <= bytes.length; cut++) {
    for (const omitManagedFields of [false, true]) {
      const seen: unknown[] = [];
      const chunks = [bytes.slice(0, cut), bytes.slice(cut, cut + 7), bytes.slice(cut + 7)];
      for await (const ev of new Watch<unknown>(chunksOf(chunks), new AbortController(), {
        omitManagedFields,
      }))
        seen.push(ev);
      const expected = structuredClone(events);
      if (omitManagedFields)
        delete (expected[0]!.object.metadata as { managedFields?: unknown }).managedFields;
      assert.deepEqual(seen, expected, `cut at ${cut}`);
    }
  }
});

async function* chunked(...chunks: string[]): AsyncIterable<Uint8Array> {
  for (const c of chunks) yield Buffer.from(c);
}

const added = (name: string) => `{"type":"ADDED","object":{"metadata":{"name":"${name}"}}}\n`;
const names = (batch: { object: unknown }[]) =>
  batch.map((ev) => (ev.object as { metadata: { name: string } }).metadata.name);

test('batches(): the events each chunk completes, in order; an event split across chunks comes with the chunk that ends it', async () => {
  const second = added('b');
  const w = new Watch<unknown>(
    chunked(added('a') + second.slice(0, 10), second.slice(10) + added('c'), '\n', added('d').trimEnd()),
    new AbortController(),
  );
  const seen: string[][] = [];
  for await (const batch of w.batches()) seen.push(names(batch));
  assert.deepEqual(seen, [['a'], ['b', 'c'], ['d']]);
  // Consumed once, whichever way.
  await assert.rejects(async () => {
    for await (const _ of w) {
    }
  }, /only once/);
});

test('batches(): the events before a malformed one are delivered, then the error', async () => {
  const w = new Watch<unknown>(
    chunked(added('a') + added('b') + '{"type":\n' + added('c')),
    new AbortController(),
  );
  const seen: string[][] = [];
  await assert.rejects(async () => {
    for await (const batch of w.batches()) seen.push(names(batch));
  }, SyntaxError);
  assert.deepEqual(seen, [['a', 'b']]);
  assert.equal(w.closed, true);
});
