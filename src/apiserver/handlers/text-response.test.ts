import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { plainParts, textResponse, unreadText } from './text-response.ts';

const TEXT = JSON.stringify({ a: 1, b: 'é€😀', c: [1, 2] });
const make = () =>
  textResponse(TEXT, { status: 201, headers: { 'content-type': 'application/json', x: 'y' } });

test('a text response reads as the Response built from the same text', async () => {
  const r = make();
  const real = new Response(TEXT, { status: 201, headers: { 'content-type': 'application/json', x: 'y' } });
  assert.ok(r instanceof Response);
  assert.equal(r.status, real.status);
  assert.equal(r.ok, real.ok);
  assert.deepEqual([...r.headers], [...real.headers]);
  assert.equal(r.bodyUsed, false);
  assert.equal(await r.clone().text(), await real.clone().text());
  assert.deepEqual(await r.clone().json(), await real.clone().json());
  assert.deepEqual(
    new Uint8Array(await r.clone().arrayBuffer()),
    new Uint8Array(await real.clone().arrayBuffer()),
  );
  assert.deepEqual(await r.clone().bytes(), await real.clone().bytes());
  const blob = await r.clone().blob();
  assert.equal(blob.type, 'application/json');
  assert.equal(await blob.text(), TEXT);
  assert.equal(await new Response(r.clone().body).text(), TEXT);
});

test('its body is read once, through a method or its stream', async () => {
  const r = make();
  assert.equal(unreadText(r), TEXT);
  assert.deepEqual(await r.json(), JSON.parse(TEXT));
  assert.equal(r.bodyUsed, true);
  assert.equal(unreadText(r), undefined);
  await assert.rejects(r.text(), TypeError);
  assert.throws(() => r.clone(), TypeError);

  const s = make();
  const reader = s.body!.getReader();
  assert.equal(unreadText(s), undefined, 'a stream handed out: the writer must not send the text too');
  const chunk = await reader.read();
  assert.equal(new TextDecoder().decode(chunk.value), TEXT);
  assert.equal((await reader.read()).done, true);
  assert.equal(s.bodyUsed, true);
  await assert.rejects(s.text(), TypeError);
});

test('statuses without a body get the real Response (and its checks)', () => {
  assert.throws(() => textResponse('x', { status: 204 }), TypeError);
  assert.equal(unreadText(new Response('x')), undefined);
});

test('every member of Response.prototype answers as on the real one (no undici state behind it)', async () => {
  const r = make();
  const real = new Response(TEXT, { status: 201, headers: { 'content-type': 'application/json', x: 'y' } });
  for (const name of ['type', 'url', 'redirected', 'status', 'ok', 'statusText', 'bodyUsed'] as const)
    assert.equal(r[name], real[name], name);
  assert.ok(r.body instanceof ReadableStream);
  const stream = (make() as unknown as { textStream(): ReadableStream<string> }).textStream();
  let streamed = '';
  for await (const chunk of stream) streamed += chunk;
  assert.equal(streamed, TEXT);
  assert.match(inspect(make()), /status: 201/);
  assert.equal(Object.prototype.toString.call(r), Object.prototype.toString.call(real));
});

test('plainParts: the record as given until someone asks for the Headers', () => {
  const r = make();
  assert.deepEqual(plainParts(r), {
    status: 201,
    headers: { 'content-type': 'application/json', x: 'y' },
    text: TEXT,
  });
  r.headers.append('warning', '299 - "w"');
  assert.equal(plainParts(r), undefined, 'Headers handed out: the writer reads them');
  assert.equal(unreadText(r), TEXT);
  assert.equal(r.headers.get('warning'), '299 - "w"');
  const c = r.clone();
  assert.equal(c.headers.get('warning'), '299 - "w"');
  assert.equal(c.headers.get('x'), 'y');
  assert.equal(plainParts(textResponse('x', { status: 200 }))?.status, 200);
  assert.equal(plainParts(new Response('x')), undefined);
});

test('headers Headers would change, and unusual inits, behave as with the real constructor', async () => {
  // Names in upper case, values with surrounding spaces, a Headers object, an array: held as Headers.
  for (const headers of [
    { 'Content-Type': 'application/json' },
    { 'content-type': ' application/json ' },
    new Headers({ 'content-type': 'application/json' }),
    [['content-type', 'application/json']] as [string, string][],
    { 'set-cookie': 'a=b' },
  ]) {
    const r = textResponse(TEXT, { status: 200, headers });
    // (A body-less real one: a text body would add a text/plain content-type where none is set.)
    const real = new Response(null, { status: 200, headers });
    assert.equal(plainParts(r), undefined);
    assert.deepEqual([...r.headers], [...real.headers]);
    assert.equal(await r.text(), TEXT);
  }
  assert.throws(() => textResponse('x', { headers: { 'bad name': 'v' } }), TypeError);
  assert.throws(() => textResponse('x', { headers: { x: 'a\nb' } }), TypeError);
  assert.throws(() => textResponse('x', { headers: { x: 'a€' } }), TypeError);
  // Values node would refuse to write (other control characters) keep their Headers too.
  assert.equal(plainParts(textResponse('x', { headers: { x: 'a\u0001b' } })), undefined);
  assert.deepEqual(plainParts(textResponse('x', { headers: { x: 'a\tb é' } }))?.headers, { x: 'a\tb é' });
  assert.throws(() => textResponse('x', { status: 99 }), RangeError);
  const reason = textResponse('x', { status: 418, statusText: 'teapot' });
  assert.equal(reason.statusText, 'teapot');
  assert.equal(await reason.text(), 'x');
});
