import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  atoi,
  goIntOrString,
  intOrPercentValue,
  intValue,
  isNotMoreThan100Percent,
  parseIntOrString,
  percentValue,
  scaledValueFromIntOrPercent,
  validatePositiveIntOrPercent,
  valueFromIntOrPercent,
} from './intstr.ts';
import { fieldErrorMessage } from './status.ts';

describe('scaledValueFromIntOrPercent (upstream TestGetIntFromIntOrPercent + rolling update cases)', () => {
  const ok: [number | string, number, boolean, number][] = [
    [123, 0, false, 123],
    ['90%', 100, true, 90],
    ['90%', 95, true, 86],
    ['90%', 95, false, 85],
    ['25%', 10, true, 3], // maxSurge default on 10 replicas
    ['25%', 10, false, 2], // maxUnavailable default on 10 replicas
    ['25%', 1, true, 1],
    ['25%', 1, false, 0],
    ['0%', 5, true, 0],
    ['100%', 7, false, 7],
    ['150%', 2, true, 3],
    ['33%', 3, true, 1],
    ['33%', 3, false, 0],
    ['+10%', 10, true, 1],
    ['-10%', 10, false, -1],
    [0, 10, true, 0],
  ];
  for (const [input, total, roundUp, want] of ok) {
    test(`${input} of ${total} ${roundUp ? 'up' : 'down'}`, () =>
      assert.equal(scaledValueFromIntOrPercent(input, total, roundUp), want));
  }
  const errors: [number | string | undefined, string][] = [
    [undefined, 'nil value for IntOrString'],
    ['%', 'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax'],
    ['90#', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['#%', 'invalid value for IntOrString: invalid value "#%": strconv.Atoi: parsing "#": invalid syntax'],
    ['90', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    [
      '1.5%',
      'invalid value for IntOrString: invalid value "1.5%": strconv.Atoi: parsing "1.5": invalid syntax',
    ],
    [
      '99999999999999999999%',
      'invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
  ];
  for (const [input, message] of errors) {
    test(`error ${input}`, () =>
      assert.throws(() => scaledValueFromIntOrPercent(input, 10, true), { message }));
  }
});

describe('lenient valueFromIntOrPercent', () => {
  test('strings without % count as percentages', () => {
    assert.equal(valueFromIntOrPercent('50', 10, true), 5);
    assert.equal(valueFromIntOrPercent('5%0%', 100, true), 50);
    assert.equal(valueFromIntOrPercent(3, 10, true), 3);
    assert.throws(() => valueFromIntOrPercent('x%', 10, true), {
      message: 'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax',
    });
    assert.throws(() => valueFromIntOrPercent(null, 10, true), { message: 'nil value for IntOrString' });
  });
});

describe('parsing and int values', () => {
  test('parseIntOrString', () => {
    assert.equal(parseIntOrString('8080'), 8080);
    assert.equal(parseIntOrString('-1'), -1);
    assert.equal(parseIntOrString('http'), 'http');
    assert.equal(parseIntOrString('2147483648'), '2147483648');
    assert.equal(parseIntOrString('2147483647'), 2147483647);
    assert.equal(parseIntOrString('25%'), '25%');
  });
  test('intValue', () => {
    assert.equal(intValue(5), 5);
    assert.equal(intValue('42'), 42);
    assert.equal(intValue('http'), 0);
  });
  test('atoi', () => {
    assert.equal(atoi('+7'), 7);
    assert.equal(atoi('-7'), -7);
    assert.throws(() => atoi(' 7'), { message: 'strconv.Atoi: parsing " 7": invalid syntax' });
    assert.throws(() => atoi('1_000'), { message: 'strconv.Atoi: parsing "1_000": invalid syntax' });
  });
  test('percent helpers', () => {
    assert.equal(percentValue('25%'), 25);
    assert.equal(percentValue('25'), undefined);
    assert.equal(percentValue(25), undefined);
    assert.equal(percentValue('-5%'), undefined);
    assert.equal(intOrPercentValue('25%'), 25);
    assert.equal(intOrPercentValue(3), 3);
    assert.equal(intOrPercentValue('abc'), 0);
  });
});

describe('validation (apps/policy messages)', () => {
  test('Go rendering of IntOrString', () => {
    assert.equal(goIntOrString('25%'), 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}');
    assert.equal(goIntOrString(3), 'intstr.IntOrString{Type:0, IntVal:3, StrVal:""}');
  });
  const cases: [number | string, string[]][] = [
    [1, []],
    [0, []],
    ['25%', []],
    ['0%', []],
    [-1, ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']],
    [
      'abc',
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      '-5%',
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"-5%\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
  ];
  for (const [v, want] of cases) {
    test(`validatePositiveIntOrPercent(${JSON.stringify(v)})`, () => {
      assert.deepEqual(
        validatePositiveIntOrPercent(v, 'spec.strategy.rollingUpdate.maxSurge').map(fieldErrorMessage),
        want,
      );
    });
  }
  test('isNotMoreThan100Percent', () => {
    assert.deepEqual(isNotMoreThan100Percent('100%', 'x'), []);
    assert.deepEqual(isNotMoreThan100Percent(200, 'x'), []);
    assert.deepEqual(isNotMoreThan100Percent('101%', 'spec.maxUnavailable').map(fieldErrorMessage), [
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%',
    ]);
    assert.equal(isNotMoreThan100Percent('99999999999999999999%', 'x').length, 1);
  });
});
