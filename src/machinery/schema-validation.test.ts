import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schema } from './schema.ts';
import { isFloat64AJSONInteger, validateAgainstSchema } from './schema-validation.ts';
import { fieldErrorMessage } from './status.ts';

const CRON_TAB: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        image: { type: 'string' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        size: { type: 'string', enum: ['S', 'M', 'L'] },
        name: { type: 'string', minLength: 2, maxLength: 5 },
        ratio: { type: 'number', multipleOf: 0.5, exclusiveMaximum: true, maximum: 2 },
        step: { type: 'integer', multipleOf: 3 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
        uniq: { type: 'array', items: { type: 'integer' }, uniqueItems: true },
        labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        when: { type: 'string', format: 'date-time' },
        addr: { type: 'string', format: 'ipv4' },
        count32: { type: 'integer', format: 'int32' },
        mode: { 'x-kubernetes-int-or-string': true, enum: ['a', 1] },
      },
      required: ['cronSpec'],
    },
  },
};

function messages(value: unknown, schema = CRON_TAB, options = {}): string[] {
  return validateAgainstSchema(value, schema, options).map(fieldErrorMessage);
}

const spec = (fields: Record<string, unknown>) => ({
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  spec: { cronSpec: '* * * * */5', ...fields },
});

describe('validateAgainstSchema: messages as upstream prints them for custom resources', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['valid object', {}, []],
    [
      'type: integer given a string',
      { replicas: 'string' },
      ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'],
    ],
    [
      'type: integer given a float',
      { replicas: 1.5 },
      ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'],
    ],
    [
      'type: string given an object',
      { image: { a: 1 } },
      ['spec.image: Invalid value: "object": spec.image in body must be of type string: "object"'],
    ],
    [
      'null in a non-nullable field',
      { image: null },
      ['spec.image: Invalid value: "null": spec.image in body must be of type string: "null"'],
    ],
    ['null in a nullable field', { note: null }, []],
    ['enum', { size: 'XL' }, ['spec.size: Unsupported value: "XL": supported values: "S", "M", "L"']],
    [
      'enum with non-string values',
      { mode: 'b' },
      ['spec.mode: Unsupported value: "b": supported values: "a", "1"'],
    ],
    ['enum matches a number', { mode: 1 }, []],
    [
      'minimum',
      { replicas: 0 },
      ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'],
    ],
    [
      'maximum',
      { replicas: 11 },
      ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10'],
    ],
    [
      'exclusive maximum on a float',
      { ratio: 2.5 },
      ['spec.ratio: Invalid value: 2.5: spec.ratio in body should be less than 2'],
    ],
    [
      'an integer checked against a fractional multipleOf (upstream truncates the factor to int64)',
      { ratio: 1 },
      ['spec.ratio: Invalid value: 0: factor MultipleOf declared for spec.ratio must be positive: 0'],
    ],
    [
      'multipleOf on a float',
      { ratio: 0.75 },
      ['spec.ratio: Invalid value: 0.75: spec.ratio in body should be a multiple of 0.5'],
    ],
    [
      'multipleOf on an integer',
      { step: 4 },
      ['spec.step: Invalid value: 4: spec.step in body should be a multiple of 3'],
    ],
    ['maxLength', { name: 'abcdef' }, ['spec.name: Too long: may not be more than 5 bytes']],
    [
      'minLength',
      { name: 'a' },
      ['spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long'],
    ],
    [
      'pattern',
      { cronSpec: '* * * *' },
      [
        'spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match \'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$\'',
      ],
    ],
    ['maxItems', { tags: ['a', 'b', 'c'] }, ['spec.tags: Too many: 3: must have at most 2 items']],
    [
      'minItems',
      { tags: [] },
      ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'],
    ],
    [
      'items type',
      { tags: ['a', 5] },
      ['spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"'],
    ],
    [
      'uniqueItems',
      { uniq: [1, 2, 1] },
      ['spec.uniq: Invalid value: "": spec.uniq in body shouldn\'t contain duplicates'],
    ],
    [
      'additionalProperties schema',
      { labels: { a: 'x', b: 2 } },
      ['spec.labels.b: Invalid value: "integer": spec.labels.b in body must be of type string: "integer"'],
    ],
    [
      'maxProperties',
      { labels: { a: 'x', b: 'y', c: 'z' } },
      ['spec.labels: Too many: 3: must have at most 2 items'],
    ],
    ['int-or-string takes both', { port: 'http' }, []],
    ['int-or-string takes an integer', { port: 8080 }, []],
    [
      'int-or-string rejects a boolean',
      { port: true },
      ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'],
    ],
    [
      'format date-time',
      { when: 'yesterday' },
      ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"'],
    ],
    ['format date-time accepts RFC 3339', { when: '2024-05-01T10:00:00Z' }, []],
    [
      'format ipv4',
      { addr: '10.0.0.256' },
      ['spec.addr: Invalid value: "10.0.0.256": spec.addr in body must be of type ipv4: "10.0.0.256"'],
    ],
    ['format int32 is not checked (stripped as upstream does)', { count32: 2 ** 40 }, []],
  ];
  for (const [name, fields, expected] of cases) {
    it(name, () => assert.deepEqual(messages(spec(fields)), expected));
  }

  it('required', () => {
    assert.deepEqual(messages({ spec: {} }), ['spec.cronSpec: Required value']);
  });

  it('reports every failing field, properties in schema order', () => {
    assert.deepEqual(messages(spec({ replicas: 'x', size: 'XL' })), [
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      'spec.size: Unsupported value: "XL": supported values: "S", "M", "L"',
    ]);
  });

  it('uses the error type reasons upstream puts in Status causes', () => {
    const [typeErr] = validateAgainstSchema(spec({ replicas: 'x' }), CRON_TAB);
    assert.equal(typeErr!.type, 'FieldValueTypeInvalid');
    const [enumErr] = validateAgainstSchema(spec({ size: 'XL' }), CRON_TAB);
    assert.equal(enumErr!.type, 'FieldValueNotSupported');
    const [req] = validateAgainstSchema({ spec: {} }, CRON_TAB);
    assert.equal(req!.type, 'FieldValueRequired');
  });

  it('reports errors under a prefix when validating the status alone', () => {
    const status: Schema = { type: 'object', properties: { replicas: { type: 'integer' } } };
    assert.deepEqual(messages({ replicas: 'x' }, status, { fieldPath: 'status' }), [
      'status.replicas: Invalid value: "string": replicas in body must be of type integer: "string"',
    ]);
  });
});

describe('validateAgainstSchema: allOf, anyOf, oneOf, not', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'string' } },
        anyOf: [{ required: ['a'] }, { required: ['b'] }],
      },
      one: { type: 'integer', oneOf: [{ minimum: 5 }, { maximum: 10 }] },
      all: { type: 'integer', allOf: [{ minimum: 5 }, { maximum: 10 }] },
      never: { type: 'string', not: { enum: ['x'] } },
    },
  };

  it('anyOf: none validates', () => {
    assert.deepEqual(messages({ spec: {} }, schema), [
      '<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)',
      'spec.a: Required value',
    ]);
  });
  it('anyOf: one validates', () => assert.deepEqual(messages({ spec: { b: 'x' } }, schema), []));
  it('oneOf: both validate', () => {
    assert.deepEqual(messages({ one: 7 }, schema), [
      '<nil>: Invalid value: "": "one" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
  });
  it('oneOf: exactly one validates', () => assert.deepEqual(messages({ one: 11 }, schema), []));
  it('allOf: one fails', () => {
    assert.deepEqual(messages({ all: 11 }, schema), [
      'all: Invalid value: 11: all in body should be less than or equal to 10',
      '<nil>: Invalid value: "": "all" must validate all the schemas (allOf)',
    ]);
  });
  it('not', () => {
    assert.deepEqual(messages({ never: 'x' }, schema), [
      '<nil>: Invalid value: "": "never" must not validate the schema (not)',
    ]);
    assert.deepEqual(messages({ never: 'y' }, schema), []);
  });
});

describe('validateAgainstSchema: ratcheting on update', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 3 },
          other: { type: 'string', maxLength: 3 },
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, port: { type: 'integer', maximum: 100 } },
            },
          },
        },
      },
    },
  };

  it('an unchanged invalid field is tolerated, a changed one is not', () => {
    const old = { spec: { name: 'toolong', other: 'ok' } };
    assert.deepEqual(messages({ spec: { name: 'toolong', other: 'ab' } }, schema, { old }), []);
    assert.deepEqual(messages({ spec: { name: 'toolong', other: 'abcd' } }, schema, { old }), [
      'spec.other: Too long: may not be more than 3 bytes',
    ]);
    assert.deepEqual(messages({ spec: { name: 'toolonger', other: 'ab' } }, schema, { old }), [
      'spec.name: Too long: may not be more than 3 bytes',
    ]);
  });

  it('list-map items correlate by key, whatever their position', () => {
    const old = {
      spec: {
        ports: [
          { name: 'a', port: 500 },
          { name: 'b', port: 1 },
        ],
      },
    };
    const reordered = {
      spec: {
        ports: [
          { name: 'b', port: 2 },
          { name: 'a', port: 500 },
        ],
      },
    };
    assert.deepEqual(messages(reordered, schema, { old }), []);
    const created = { spec: { ports: [{ name: 'c', port: 500 }] } };
    assert.deepEqual(messages(created, schema, { old }), [
      'spec.ports[0].port: Invalid value: 500: spec.ports[0].port in body should be less than or equal to 100',
    ]);
  });
});

describe('isFloat64AJSONInteger', () => {
  it('accepts integers and near-integers, rejects fractions', () => {
    assert.equal(isFloat64AJSONInteger(3), true);
    assert.equal(isFloat64AJSONInteger(1.00000000001), true);
    assert.equal(isFloat64AJSONInteger(1.5), false);
    assert.equal(isFloat64AJSONInteger(-1.5), false);
    assert.equal(isFloat64AJSONInteger(2 ** 60), false);
  });
});
