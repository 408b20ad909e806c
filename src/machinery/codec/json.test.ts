import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJson, findDuplicateKeys, JsonSyntaxError } from './json.ts';

test('decodes bytes and text; finds duplicate keys only when strict', () => {
  const body = new TextEncoder().encode('{"metadata":{"name":"a","name":"b"},"spec":{"x":1}}');
  assert.deepEqual(decodeJson(body), {
    value: { metadata: { name: 'b' }, spec: { x: 1 } },
    duplicateFields: [],
  });
  assert.deepEqual(decodeJson(body, { strict: true }).duplicateFields, ['metadata.name']);
});

test('duplicate paths: nested objects, list items, escaped keys and quotes inside strings', () => {
  assert.deepEqual(
    findDuplicateKeys(
      '{"a":[{"b":1},{"b":2,"b":3}],"a":{"x":1,"x":2},"s":"\\"a\\":1,\\"s\\":2","q\\u0041":1,"qA":2,"e\\\\":1,"e\\\\":2}',
    ),
    ['a[1].b', 'a', 'a.x', 'qA', 'e\\'],
  );
  assert.deepEqual(findDuplicateKeys('[{"k":1,"k":2},[{"z":{"y":1,"y":2}}]]'), ['[0].k', '[1][0].z.y']);
  assert.deepEqual(findDuplicateKeys('{"a":{},"b":[],"c":"}{,","d":{"e":[1,2,{"f":1,"f":1}]}}'), [
    'd.e[2].f',
  ]);
});

test('syntax errors are worded as Go encoding/json words them', () => {
  const cases: [string, string][] = [
    ['', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['apiVersion: v1', "invalid character 'a' looking for beginning of value"],
    ['{"a":1}}', "invalid character '}' after top-level value"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e', "invalid character 'e' after decimal point in numeric literal"],
    ['1e+x', "invalid character 'x' in exponent of numeric literal"],
    [`${'['.repeat(10001)}${']'.repeat(10001)}`, 'exceeded max depth'],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => decodeJson(input),
      (e: unknown) => e instanceof JsonSyntaxError && e.message === message,
      input.slice(0, 20),
    );
  }
  assert.throws(
    () => decodeJson('{"a":x}'),
    (e: unknown) => e instanceof JsonSyntaxError && e.offset === 5,
  );
});

test('an empty object in a list does not make the next item a key', () => {
  assert.deepEqual(findDuplicateKeys('[{}, "s", {"a":1,"a":2}]'), ['[2].a']);
  assert.deepEqual(findDuplicateKeys('{"l":[{},"x"],"l":1}'), ['l']);
});

test('strict decoding finds the duplicates the full scan finds, whichever pass answers', () => {
  const wide = `{${Array.from({ length: 70 }, (_, i) => `"k${i}":${i}`).join(',')},"k3":0}`;
  const texts = [
    '{"a":1,"b":{"a":2,"c":[{"a":1},{"a":2}]}}',
    '{"a":1,"b":2,"a":3}',
    '{"ab":1,"ba":2,"abc":{"ab":1,"ab":2}}',
    '{"l":[{"x":1},{"x":1,"y":2,"x":3}],"m":{}}',
    '{"s":"{\\"a\\":1,\\"a\\":2}","t":1}',
    '{"q\\u0041":1,"qA":2}',
    '[{"k":1},[{"k":1,"z":{"y":1}}],{"k":2,"k":3}]',
    '{"a":{},"b":[],"c":"}{,\\"","d":{"e":[1,2,{"f":1,"f":1}]}}',
    wide,
    `{${Array.from({ length: 70 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
  ];
  for (const text of texts) {
    assert.deepEqual(
      decodeJson(text, { strict: true }).duplicateFields,
      findDuplicateKeys(text),
      text.slice(0, 40),
    );
  }
  assert.deepEqual(decodeJson(wide, { strict: true }).duplicateFields, ['k3']);
  assert.deepEqual(decodeJson('{"a":{"b":1},"c":{"b":2}}', { strict: true }).duplicateFields, []);
  // Past the maximum depth the full scan reports it, as before.
  assert.throws(
    () => decodeJson(`${'{"a":'.repeat(10001)}1${'}'.repeat(10001)}`, { strict: true }),
    (e: unknown) => e instanceof JsonSyntaxError && e.message === 'exceeded max depth',
  );
});
