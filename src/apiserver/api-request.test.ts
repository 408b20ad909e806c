import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawHeaders } from './api-request.ts';

test('RawHeaders.get answers as Headers.get over the same list', () => {
  const raw = [
    'Host',
    '127.0.0.1:6443',
    'Content-Type',
    'application/json',
    'accept',
    'application/json',
    'X-Repeated',
    'a',
    'x-repeated',
    'b, c',
    'X-REPEATED',
    'd',
    'User-Agent',
    'kubectl/v1.32.0 (linux/amd64)',
    'Content-Length',
    '0',
    'X-Empty',
    '',
  ];
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const rawHeaders = new RawHeaders(raw);
  for (const name of [
    'host',
    'Host',
    'content-type',
    'CONTENT-TYPE',
    'accept',
    'x-repeated',
    'user-agent',
    'content-length',
    'x-empty',
    'authorization',
    'x-repeate',
  ]) {
    assert.equal(rawHeaders.get(name), headers.get(name), name);
  }
  assert.equal(new RawHeaders([]).get('host'), null);
});
