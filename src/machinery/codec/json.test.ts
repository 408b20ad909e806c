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

test('escapes: keys with escapes are compared as written unless \\u or \\/ could spell them otherwise', () => {
  const strictDuplicates = (text: string) => decodeJson(text, { strict: true }).duplicateFields;
  // The managedFields shape: keys holding escaped quotes, each distinct.
  const managed =
    '{"f:metadata":{"f:ownerReferences":{".":{},"k:{\\"uid\\":\\"u-1\\"}":{},"k:{\\"uid\\":\\"u-2\\"}":{}}}}';
  assert.deepEqual(strictDuplicates(managed), []);
  const cases: [string, string[]][] = [
    // The same escaped key twice.
    ['{"k:{\\"uid\\":\\"u-1\\"}":1,"k:{\\"uid\\":\\"u-1\\"}":2}', ['k:{"uid":"u-1"}']],
    // Duplicates spelled differently: \u against the character, \/ against /, mixed.
    ['{"a\\"b":1,"a\\u0022b":2}', ['a"b']],
    ['{"a\\u0022b":1,"a\\"b":2}', ['a"b']],
    ['{"a/b":1,"a\\/b":2}', ['a/b']],
    ['{"a\\/b":1,"a/b":2}', ['a/b']],
    ['{"\\\\":1,"\\u005c":2}', ['\\']],
    ['{"\\n":1,"\\u000a":2}', ['\n']],
    ['{"\\u000A":1,"\\u000a":2}', ['\n']],
    ['{"é":1,"\\u00e9":2}', ['é']],
    ['{"😀":1,"\\ud83d\\ude00":2}', ['😀']],
    // Different keys that look alike as written.
    ['{"a\\\\":1,"a\\\\\\\\":2}', []],
    ['{"a\\\\\\"":1,"a\\"":2}', []],
    ['{"\\\\u0041":1,"A":2,"\\u0041":3}', ['A']],
    // Escaped quotes and backslashes inside values must not end the string early.
    ['{"s":"\\"","a":1,"t":"\\\\","a":2}', ['a']],
    ['{"s":"x\\\\\\"y\\\\","b":{"c":"\\"}\\"{","c":1},"s":0}', ['b.c', 's']],
    ['{"s":"\\\\","s":"\\\\"}', ['s']],
    ['["\\"",{"k":"\\u0022","k\\"":1,"k\\u0022":2}]', ['[1].k"']],
    // A value with \u or \/ does not matter; keys decide.
    ['{"v":"\\u0041\\/","w":"\\/","v":1}', ['v']],
    ['{"v":"\\u0041\\/","w":"\\/"}', []],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(strictDuplicates(text), expected, text);
    assert.deepEqual(findDuplicateKeys(text), expected, text);
    // Both parse: the cases are valid JSON.
    JSON.parse(text);
  }
});

test('escapes: the quick pass agrees with the full scan on generated texts', () => {
  // Spellings of a few keys, several per key; a seeded generator mixes them into nested texts.
  const spellings = [
    'a',
    '\\u0061',
    'a\\"',
    'a\\u0022',
    '\\\\',
    '\\u005c',
    '\\/',
    '/',
    '\\n',
    '\\u000a',
    'é',
    '\\u00e9',
    'k:{\\"uid\\":\\"1\\"}',
    'k:{\\"uid\\":\\"2\\"}',
    'k:{\\u0022uid\\":\\"1\\"}',
  ];
  const values = ['1', '"\\""', '"\\\\"', '"x\\\\\\"y"', '"}{,\\"[]"', '"\\u0041"', '{}', '[]'];
  let seed = 12345;
  const random = (n: number) => {
    // mulberry32: small, seeded, good enough in its low bits for `% n`.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const object = (depth: number): string => {
    const members = Array.from(
      { length: 1 + random(4) },
      () => `"${spellings[random(spellings.length)]}":${value(depth + 1)}`,
    );
    return `{${members.join(',')}}`;
  };
  const value = (depth: number): string => {
    const r = random(depth > 2 ? 2 : 4);
    if (r === 2) return object(depth);
    if (r === 3) return `[${Array.from({ length: random(3) }, () => value(depth + 1)).join(',')}]`;
    return values[random(values.length)]!;
  };
  let withDuplicates = 0;
  for (let n = 0; n < 500; n++) {
    const text = object(0);
    JSON.parse(text);
    const expected = findDuplicateKeys(text);
    if (expected.length) withDuplicates++;
    assert.deepEqual(decodeJson(text, { strict: true }).duplicateFields, expected, text);
  }
  // The generator does produce both kinds of text.
  assert.ok(withDuplicates > 50 && withDuplicates < 450, `${withDuplicates} of 500 with duplicates`);
});
