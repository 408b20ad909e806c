import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textResponse, unreadText } from './text-response.ts';

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
