import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  goFloat,
  goJSONMarshal,
  goNumber,
  goQuote,
  goTimeString,
  goTypeName,
  goV,
  goValue,
  isGoPrintable,
} from './go-format.ts';
import {
  aggregateFieldErrors,
  type FieldError,
  fieldErrorBody,
  fieldErrorMessage,
  invalid,
} from './status.ts';

describe('goQuote = strconv.Quote', () => {
  const cases: [string, string][] = [
    ['', '""'],
    ['abc', '"abc"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['\n\t\r', '"\\n\\t\\r"'],
    ['\x07\b\f\v', '"\\a\\b\\f\\v"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['héllo ☃ 日本', '"héllo ☃ 日本"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u2028', '"\\u2028"'],
    ['😀', '"😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ["it's", '"it\'s"'],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => assert.equal(goQuote(input), want));
  test('isGoPrintable', () => {
    assert.equal(isGoPrintable(0x20), true);
    assert.equal(isGoPrintable(0x7f), false);
    assert.equal(isGoPrintable(0xe9), true);
    assert.equal(isGoPrintable(0x2028), false);
  });
});

describe('goFloat = strconv.FormatFloat(f, g, -1, 64)', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [0.5, '0.5'],
    [2.2, '2.2'],
    [100000, '100000'],
    [999999, '999999'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [12345678.5, '1.23456785e+07'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [-3.25, '-3.25'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [123456.789, '123456.789'],
  ];
  for (const [input, want] of cases) test(String(input), () => assert.equal(goFloat(input), want));
  test('goNumber keeps integers as int64', () => {
    assert.equal(goNumber(1000000), '1000000');
    assert.equal(goNumber(2.5), '2.5');
  });
});

describe('values in field errors', () => {
  test('goValue', () => {
    assert.equal(goValue(undefined), '"null"');
    assert.equal(goValue(null), '"null"');
    assert.equal(goValue('x'), '"x"');
    assert.equal(goValue(-1), '-1');
    assert.equal(goValue(true), 'true');
    assert.equal(goValue([]), '[]string{}');
    assert.equal(goValue(['a', 'b']), '[]string{"a", "b"}');
    assert.equal(goValue({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}');
    assert.equal(goValue([1, 2]), '[1,2]');
    assert.equal(goValue({ a: 1 }), '{"a":1}');
  });
  test('goTimeString', () => {
    assert.equal(goTimeString(1000 * 1000), '1970-01-01 00:16:40 +0000 UTC');
    assert.equal(goTimeString(Date.UTC(2026, 0, 2, 3, 4, 5, 60)), '2026-01-02 03:04:05.06 +0000 UTC');
  });
  test('goTypeName and goV', () => {
    assert.equal(goTypeName('x'), 'string');
    assert.equal(goTypeName(1), 'int64');
    assert.equal(goTypeName(1.5), 'float64');
    assert.equal(goTypeName([]), '[]interface {}');
    assert.equal(goTypeName({}), 'map[string]interface {}');
    assert.equal(goTypeName(null), '<nil>');
    assert.equal(goV({ b: [1, 'x'], a: null }), 'map[a:<nil> b:[1 x]]');
  });
  test('goJSONMarshal', () => {
    assert.equal(
      goJSONMarshal({ z: 1, a: ['<a&b>', null, true, 1.5] }),
      '{"a":["\\u003ca\\u0026b\\u003e",null,true,1.5],"z":1}',
    );
    assert.equal(goJSONMarshal({ a: undefined, b: '\u2028' }), '{"b":"\\u2028"}');
  });
});

describe('field error rendering (upstream field.Error)', () => {
  const cases: [FieldError, string][] = [
    [{ type: 'FieldValueRequired', field: 'spec.x' }, 'spec.x: Required value'],
    [
      { type: 'FieldValueRequired', field: 'spec.x', detail: 'must be set' },
      'spec.x: Required value: must be set',
    ],
    [{ type: 'FieldValueForbidden', field: 'spec.x', detail: 'nope' }, 'spec.x: Forbidden: nope'],
    [
      { type: 'FieldValueInvalid', field: 'spec.x', value: 'v', detail: 'bad' },
      'spec.x: Invalid value: "v": bad',
    ],
    [
      { type: 'FieldValueInvalid', field: 'spec.x', value: null, detail: 'bad' },
      'spec.x: Invalid value: "null": bad',
    ],
    [
      { type: 'FieldValueInvalid', field: 'spec.x', value: 3, valueText: 'custom', detail: 'bad' },
      'spec.x: Invalid value: custom: bad',
    ],
    [
      { type: 'FieldValueDuplicate', field: 'spec.ports[1].name', value: 'http' },
      'spec.ports[1].name: Duplicate value: "http"',
    ],
    [
      { type: 'FieldValueNotSupported', field: 'spec.type', value: 'X', supported: ['A', 'B'] },
      'spec.type: Unsupported value: "X": supported values: "A", "B"',
    ],
    [{ type: 'FieldValueNotSupported', field: 'spec.type', value: 'X' }, 'spec.type: Unsupported value: "X"'],
    [
      {
        type: 'FieldValueTooLong',
        field: 'metadata.annotations',
        detail: 'may not be more than 262144 bytes',
      },
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ],
    [
      { type: 'FieldValueTooMany', field: 'spec.items', value: 5, detail: 'must have at most 3 items' },
      'spec.items: Too many: 5: must have at most 3 items',
    ],
    [
      { type: 'FieldValueTooMany', field: 'spec.items', detail: 'has too many items' },
      'spec.items: Too many: has too many items',
    ],
    [{ type: 'InternalError', field: 'spec', detail: 'boom' }, 'spec: Internal error: boom'],
    [{ type: 'FieldValueNotFound', field: 'spec.x', value: 'y' }, 'spec.x: Not found: "y"'],
    [
      { type: 'FieldValueTypeInvalid', field: 'spec.x', value: 1, detail: 'must be a string' },
      'spec.x: Invalid value: 1: must be a string',
    ],
  ];
  for (const [e, want] of cases) test(want, () => assert.equal(fieldErrorMessage(e), want));
  test('body is the message without the field', () => {
    assert.equal(
      fieldErrorBody({ type: 'FieldValueInvalid', field: 'a', value: 1, detail: 'x' }),
      'Invalid value: 1: x',
    );
  });
  test('aggregate de-duplicates', () => {
    const e: FieldError = { type: 'FieldValueRequired', field: 'a' };
    assert.equal(aggregateFieldErrors([e, e]), 'a: Required value');
    assert.equal(aggregateFieldErrors([e, { ...e, field: 'b' }]), '[a: Required value, b: Required value]');
  });
  test('invalid() as kubectl prints it', () => {
    assert.equal(
      invalid('Pod', '', 'p', [{ type: 'FieldValueRequired', field: 'spec.containers' }]).message,
      'Pod "p" is invalid: spec.containers: Required value',
    );
    assert.equal(invalid('Pod', '', 'p', []).message, 'Pod "p" is invalid');
    assert.equal(invalid('Deployment', 'apps', 'a"b', []).message, 'Deployment.apps "a\\"b" is invalid');
  });
});
