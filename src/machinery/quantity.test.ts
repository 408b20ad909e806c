import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canonicalQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
  Quantity,
  type QuantityFormat,
  QuantityParseError,
  quantityFromJSON,
  quantityStringsEqual,
  Scale,
  sumQuantities,
  tryParseQuantity,
  validateNonnegativeQuantity,
  validatePositiveQuantityValue,
} from './quantity.ts';
import { fieldErrorMessage } from './status.ts';

const MOST_POSITIVE = (1n << 63n) - 1n;
const q = (unscaled: number | bigint, scale: number, format: QuantityFormat) =>
  new Quantity(BigInt(unscaled), scale, format);

describe('parse: value and format (upstream TestQuantityParse table)', () => {
  const table: [string, Quantity][] = [
    ['0', q(0, 0, 'DecimalSI')],
    ['0n', q(0, 0, 'DecimalSI')],
    ['0u', q(0, 0, 'DecimalSI')],
    ['0m', q(0, 0, 'DecimalSI')],
    ['0Ki', q(0, 0, 'BinarySI')],
    ['0k', q(0, 0, 'DecimalSI')],
    ['0Mi', q(0, 0, 'BinarySI')],
    ['0M', q(0, 0, 'DecimalSI')],
    ['0Gi', q(0, 0, 'BinarySI')],
    ['0G', q(0, 0, 'DecimalSI')],
    ['0Ti', q(0, 0, 'BinarySI')],
    ['0T', q(0, 0, 'DecimalSI')],
    ['1', q(1, 0, 'DecimalSI')],
    ['1Ki', q(1024, 0, 'BinarySI')],
    ['8Ki', q(8 * 1024, 0, 'BinarySI')],
    ['7Mi', q(7 * 1024 * 1024, 0, 'BinarySI')],
    ['6Gi', q(6n * 1024n ** 3n, 0, 'BinarySI')],
    ['5Ti', q(5n * 1024n ** 4n, 0, 'BinarySI')],
    ['4Pi', q(4n * 1024n ** 5n, 0, 'BinarySI')],
    ['3Ei', q(3n * 1024n ** 6n, 0, 'BinarySI')],
    ['10Ti', q(10n * 1024n ** 4n, 0, 'BinarySI')],
    ['100Ti', q(100n * 1024n ** 4n, 0, 'BinarySI')],
    ['5n', q(5, -9, 'DecimalSI')],
    ['4u', q(4, -6, 'DecimalSI')],
    ['3m', q(3, -3, 'DecimalSI')],
    ['9', q(9, 0, 'DecimalSI')],
    ['8k', q(8, 3, 'DecimalSI')],
    ['50k', q(5, 4, 'DecimalSI')],
    ['7M', q(7, 6, 'DecimalSI')],
    ['6G', q(6, 9, 'DecimalSI')],
    ['5T', q(5, 12, 'DecimalSI')],
    ['40T', q(4, 13, 'DecimalSI')],
    ['300T', q(3, 14, 'DecimalSI')],
    ['2P', q(2, 15, 'DecimalSI')],
    ['1E', q(1, 18, 'DecimalSI')],
    ['1E-3', q(1, -3, 'DecimalExponent')],
    ['1e3', q(1, 3, 'DecimalExponent')],
    ['1E6', q(1, 6, 'DecimalExponent')],
    ['1e9', q(1, 9, 'DecimalExponent')],
    ['1E12', q(1, 12, 'DecimalExponent')],
    ['1e15', q(1, 15, 'DecimalExponent')],
    ['1E18', q(1, 18, 'DecimalExponent')],
    ['1e14', q(1, 14, 'DecimalExponent')],
    ['1e13', q(1, 13, 'DecimalExponent')],
    ['100.035k', q(100035, 0, 'DecimalSI')],
    ['0.001', q(1, -3, 'DecimalSI')],
    ['0.0005k', q(5, -1, 'DecimalSI')],
    ['0.005', q(5, -3, 'DecimalSI')],
    ['0.05', q(5, -2, 'DecimalSI')],
    ['0.5', q(5, -1, 'DecimalSI')],
    ['0.00050k', q(5, -1, 'DecimalSI')],
    ['0.00500', q(5, -3, 'DecimalSI')],
    ['0.05000', q(5, -2, 'DecimalSI')],
    ['0.50000', q(5, -1, 'DecimalSI')],
    ['0.5e0', q(5, -1, 'DecimalExponent')],
    ['0.5e-1', q(5, -2, 'DecimalExponent')],
    ['0.5e-2', q(5, -3, 'DecimalExponent')],
    ['10.035M', q(10035, 3, 'DecimalSI')],
    ['1.2e3', q(12, 2, 'DecimalExponent')],
    ['1.3E+6', q(13, 5, 'DecimalExponent')],
    ['1.40e9', q(14, 8, 'DecimalExponent')],
    ['1.53E12', q(153, 10, 'DecimalExponent')],
    ['1.6e15', q(16, 14, 'DecimalExponent')],
    ['1.7E18', q(17, 17, 'DecimalExponent')],
    ['9.01', q(901, -2, 'DecimalSI')],
    ['8.1k', q(81, 2, 'DecimalSI')],
    ['7.123456M', q(7123456, 0, 'DecimalSI')],
    ['6.987654321G', q(6987654321, 0, 'DecimalSI')],
    ['5.444T', q(5444, 9, 'DecimalSI')],
    ['40.1T', q(401, 11, 'DecimalSI')],
    ['300.2T', q(3002, 11, 'DecimalSI')],
    ['2.5P', q(25, 14, 'DecimalSI')],
    ['1.01E', q(101, 16, 'DecimalSI')],
    ['3.001n', q(4, -9, 'DecimalSI')],
    ['1.1E-9', q(2, -9, 'DecimalExponent')],
    ['0.0000000001', q(1, -9, 'DecimalSI')],
    ['0.0000000005', q(1, -9, 'DecimalSI')],
    ['0.00000000050', q(1, -9, 'DecimalSI')],
    ['0.5e-9', q(1, -9, 'DecimalExponent')],
    ['0.9n', q(1, -9, 'DecimalSI')],
    ['0.00000012345', q(124, -9, 'DecimalSI')],
    ['0.00000012354', q(124, -9, 'DecimalSI')],
    ['9Ei', q(MOST_POSITIVE, 0, 'BinarySI')],
    ['9223372036854775807Ki', q(MOST_POSITIVE, 0, 'BinarySI')],
    ['12E', q(12, 18, 'DecimalSI')],
    ['100.035Ki', q(10243584, -2, 'BinarySI')],
    ['0.5Mi', q(0.5 * 1024 * 1024, 0, 'BinarySI')],
    ['0.05Gi', q(536870912, -1, 'BinarySI')],
    ['0.025Ti', q(274877906944, -1, 'BinarySI')],
    ['0.000000000001Ki', q(2, -9, 'DecimalSI')],
    ['.001', q(1, -3, 'DecimalSI')],
    ['.0001k', q(100, -3, 'DecimalSI')],
    ['1.', q(1, 0, 'DecimalSI')],
    ['1.G', q(1, 9, 'DecimalSI')],
  ];
  for (const [input, want] of table) {
    test(input, () => {
      const got = parseQuantity(input);
      assert.equal(got.cmp(want), 0, `${input}: got ${got}, want ${want}`);
      assert.equal(got.format, want.format);
      const negative = parseQuantity(`-${input}`);
      assert.equal(negative.cmp(want.neg()), 0, `-${input}: got ${negative}`);
      assert.equal(negative.format, want.format);
      const plus = parseQuantity(`+${input}`);
      assert.equal(plus.cmp(want), 0);
      assert.equal(plus.format, want.format);
    });
  }
  test('odd but accepted inputs (as upstream)', () => {
    for (const s of ['.', '-.', '+', '-', '00', '-0', '+.']) assert.equal(parseQuantity(s).isZero(), true, s);
  });
});

describe('parse errors', () => {
  const cases: [string, string][] = [
    ['', QUANTITY_FORMAT_ERROR],
    ['1.1.M', QUANTITY_FORMAT_ERROR],
    ['1+1.0M', QUANTITY_FORMAT_ERROR],
    ['0.1mi', QUANTITY_SUFFIX_ERROR],
    ['0.1am', QUANTITY_FORMAT_ERROR],
    ['aoeu', QUANTITY_FORMAT_ERROR],
    ['.5i', QUANTITY_SUFFIX_ERROR],
    ['1i', QUANTITY_SUFFIX_ERROR],
    ['-3.01i', QUANTITY_SUFFIX_ERROR],
    ['-3.01e-', QUANTITY_SUFFIX_ERROR],
    [' 1', QUANTITY_FORMAT_ERROR],
    ['1 ', QUANTITY_FORMAT_ERROR],
    ['Non-Numeric', QUANTITY_FORMAT_ERROR],
    ['1e', QUANTITY_SUFFIX_ERROR],
    ['1Kb', QUANTITY_FORMAT_ERROR],
    ['1KiB', QUANTITY_FORMAT_ERROR],
    ['1e99999999999999999999', QUANTITY_SUFFIX_ERROR],
  ];
  for (const [input, message] of cases) {
    test(JSON.stringify(input), () =>
      assert.throws(
        () => parseQuantity(input),
        (e) => e instanceof QuantityParseError && e.message === message,
      ),
    );
  }
  test('the format error names the regular expression', () => {
    assert.equal(
      QUANTITY_FORMAT_ERROR,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });
  test('tryParseQuantity', () => {
    assert.equal(tryParseQuantity('x'), undefined);
    assert.equal(tryParseQuantity('1')?.value(), 1);
  });
});

describe('canonical strings (upstream TestQuantityString)', () => {
  const table: [Quantity, string, string][] = [
    [q(1024 * 1024 * 1024, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [q(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [q(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
    [q(1001n * 1024n ** 3n, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [q(1024n ** 4n, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [q(5, 0, 'BinarySI'), '5', '5000m'],
    [q(500, -3, 'BinarySI'), '500m', '0.5'],
    [q(1, 9, 'DecimalSI'), '1G', '1000M'],
    [q(1000, 6, 'DecimalSI'), '1G', '0.001T'],
    [q(1000000, 3, 'DecimalSI'), '1G', ''],
    [q(1000000000, 0, 'DecimalSI'), '1G', ''],
    [q(1, -3, 'DecimalSI'), '1m', '1000u'],
    [q(80, -3, 'DecimalSI'), '80m', ''],
    [q(1080, -3, 'DecimalSI'), '1080m', '1.08'],
    [q(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
    [q(10800, -4, 'DecimalSI'), '1080m', ''],
    [q(300, 6, 'DecimalSI'), '300M', ''],
    [q(1, 12, 'DecimalSI'), '1T', ''],
    [q(1234567, 6, 'DecimalSI'), '1234567M', ''],
    [q(1234567, -3, 'BinarySI'), '1234567m', ''],
    [q(3, 3, 'DecimalSI'), '3k', ''],
    [q(1025, 0, 'BinarySI'), '1025', ''],
    [q(0, 0, 'DecimalSI'), '0', ''],
    [q(0, 0, 'BinarySI'), '0', ''],
    [q(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [q(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [q(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [q(80, -3, 'DecimalExponent'), '80e-3', ''],
    [q(300, 6, 'DecimalExponent'), '300e6', ''],
    [q(1, 12, 'DecimalExponent'), '1e12', ''],
    [q(1, 3, 'DecimalExponent'), '1e3', ''],
    [q(3, 3, 'DecimalExponent'), '3e3', ''],
    [q(3, 3, 'DecimalSI'), '3k', ''],
    [q(0, 0, 'DecimalExponent'), '0', '00'],
    [q(1, -9, 'DecimalSI'), '1n', ''],
    [q(80, -9, 'DecimalSI'), '80n', ''],
    [q(1080, -9, 'DecimalSI'), '1080n', ''],
    [q(108, -8, 'DecimalSI'), '1080n', ''],
    [q(10800, -10, 'DecimalSI'), '1080n', ''],
    [q(1, -6, 'DecimalSI'), '1u', ''],
    [q(80, -6, 'DecimalSI'), '80u', ''],
    [q(1080, -6, 'DecimalSI'), '1080u', ''],
  ];
  for (const [value, expect, alternate] of table) {
    test(expect + (alternate ? ` ← ${alternate}` : ''), () => {
      assert.equal(value.toString(), expect);
      assert.equal(parseQuantity(expect).toString(), expect);
      if (alternate) assert.equal(parseQuantity(alternate).toString(), expect);
      if (!value.isZero()) assert.equal(value.neg().toString(), `-${expect}`);
    });
  }
});

describe('parse then emit', () => {
  const table: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    // The brief's examples.
    ['1000m', '1'],
    ['1.5Gi', '1536Mi'],
    ['1536Mi', '1536Mi'],
    ['0.1', '100m'],
    ['1e3', '1e3'],
    ['1000', '1k'],
    ['0.5', '500m'],
    ['2000m', '2'],
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['123Mi', '123Mi'],
    ['1Gi', '1Gi'],
    ['8Ki', '8Ki'],
    ['2048Ki', '2Mi'],
    ['100m', '100m'],
    ['0.1m', '100u'],
    ['12345678901234567890', '12345678901234567890'],
    ['1.5Ki', '1536'],
    ['0.5Ki', '512'],
    ['1023', '1023'],
    ['1e-10', '1e-9'],
    ['1000E', '1'], // upstream has no suffix for 10^21 and prints the mantissa alone
    // Texts upstream keeps verbatim because they are already "canonical enough".
    ['1.500', '1.500'],
    ['+1', '+1'],
    ['01', '01'],
    ['1025Mi', '1025Mi'],
  ];
  for (const [input, expect] of table) {
    test(`${input} → ${expect}`, () => {
      assert.equal(canonicalQuantity(input), expect);
      if (input.startsWith('+')) return;
      const neg = parseQuantity(`-${input}`);
      if (!neg.isZero())
        assert.equal(neg.toString(), /^(1\.500|01|1025Mi)$/.test(input) ? `-${input}` : `-${expect}`);
    });
  }
  test('JSON form is the canonical string', () => {
    assert.equal(JSON.stringify({ cpu: parseQuantity('0.5') }), '{"cpu":"500m"}');
    assert.equal(quantityFromJSON(0.5).toString(), '500m');
    assert.equal(quantityFromJSON(' 2Gi ').toString(), '2Gi');
  });
});

describe('comparison', () => {
  const cases: [string, string, number][] = [
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1', '1000m', 0],
    ['1Ki', '1024', 0],
    ['1k', '1Ki', -1],
    ['-1', '1', -1],
    ['-2', '-1', -1],
    ['1e999', '1', 1],
    ['-1e999', '-1', -1],
    ['1e-999', '1n', 0],
    ['9Ei', '9223372036854775807', 0],
    ['0', '-0', 0],
  ];
  for (const [a, b, want] of cases) {
    test(`${a} vs ${b}`, () => {
      assert.equal(parseQuantity(a).cmp(parseQuantity(b)), want);
      assert.equal(parseQuantity(b).cmp(parseQuantity(a)), want === 0 ? 0 : -want);
    });
  }
  test('int64 edge comparisons (upstream TestQuantityCmpInt64AndDec)', () => {
    const table: [Quantity, Quantity, number][] = [
      [q(901, -2, 'DecimalSI'), q(901, -2, 'DecimalSI'), 0],
      [q(90, -1, 'DecimalSI'), q(901, -2, 'DecimalSI'), -1],
      [q(0, 1, 'DecimalSI'), q(0, -1, 'DecimalSI'), 0],
      [q(800, -3, 'DecimalSI'), q(79, -2, 'DecimalSI'), 1],
      [q(MOST_POSITIVE, 0, 'DecimalSI'), q(1, -1, 'DecimalSI'), 1],
      [q(MOST_POSITIVE, -16, 'DecimalSI'), q(1, 3, 'DecimalSI'), -1],
      [q(-MOST_POSITIVE - 1n, -18, 'DecimalSI'), q(-1, 0, 'DecimalSI'), -1],
      [q(-MOST_POSITIVE - 1n, -19, 'DecimalSI'), q(-1, 0, 'DecimalSI'), 1],
      [q(10n ** 18n, -17, 'DecimalSI'), q(1, 1, 'DecimalSI'), 0],
      [q(10n ** 18n + 1n, -17, 'DecimalSI'), q(1, 1, 'DecimalSI'), 1],
      [q(10n ** 18n - 1n, -17, 'DecimalSI'), q(1, 1, 'DecimalSI'), -1],
    ];
    for (const [a, b, want] of table) {
      assert.equal(a.cmp(b), want, `${a} vs ${b}`);
      assert.equal(b.cmp(a), want === 0 ? 0 : -want);
    }
    assert.equal(parseQuantity('1500m').cmpInt64(1), 1);
    assert.equal(parseQuantity('1').equals(parseQuantity('1000m')), true);
  });
  test('quantityStringsEqual', () => {
    assert.equal(quantityStringsEqual('1', '1000m'), true);
    assert.equal(quantityStringsEqual('1Gi', '1024Mi'), true);
    assert.equal(quantityStringsEqual('1', '2'), false);
    assert.equal(quantityStringsEqual('x', 'x'), true);
    assert.equal(quantityStringsEqual('x', 'y'), false);
    assert.equal(quantityStringsEqual(undefined, '1'), false);
  });
});

describe('arithmetic', () => {
  test('add and sub keep the suffix of the non-zero operand (upstream *ZeroPreservesSuffix)', () => {
    const zero = parseQuantity('0');
    for (const s of ['100m', '1Gi']) {
      const v = parseQuantity(s);
      assert.equal(v.add(zero).toString(), s);
      assert.equal(zero.add(v).toString(), s);
      assert.equal(v.sub(zero).toString(), s);
      assert.equal(zero.sub(v).toString(), v.neg().toString());
    }
  });
  test('add (upstream TestAdd)', () => {
    assert.equal(
      q(10, 0, 'DecimalSI')
        .add(q(1, 1, 'DecimalSI'))
        .cmp(q(20, 0, 'DecimalSI')),
      0,
    );
    const mixed = q(10, 0, 'DecimalSI').add(q(1, 0, 'BinarySI'));
    assert.equal(mixed.cmp(q(11, 0, 'DecimalSI')), 0);
    assert.equal(mixed.format, 'DecimalSI');
    assert.equal(q(10, 0, 'BinarySI').add(q(1, 0, 'DecimalSI')).format, 'BinarySI');
    assert.equal(q(0, 0, 'DecimalSI').add(q(50, 0, 'BinarySI')).format, 'BinarySI');
  });
  test('sub (upstream TestSub)', () => {
    assert.equal(
      q(10, 0, 'DecimalSI')
        .sub(q(1, 1, 'DecimalSI'))
        .isZero(),
      true,
    );
    assert.equal(
      q(10, 0, 'BinarySI')
        .sub(q(1, 0, 'DecimalSI'))
        .cmp(q(9, 0, 'BinarySI')),
      0,
    );
    assert.equal(
      q(0, 0, 'DecimalSI')
        .sub(q(50, 0, 'DecimalSI'))
        .toString(),
      '-50',
    );
  });
  test('exact across scales, no float drift', () => {
    let total = parseQuantity('0');
    for (let i = 0; i < 10; i++) total = total.add(parseQuantity('0.1'));
    assert.equal(total.toString(), '1');
    assert.equal(parseQuantity('100m').add(parseQuantity('200m')).toString(), '300m');
    assert.equal(parseQuantity('1Gi').add(parseQuantity('512Mi')).toString(), '1536Mi');
    assert.equal(parseQuantity('1Gi').sub(parseQuantity('1')).toString(), '1073741823');
    assert.equal(parseQuantity('1').add(parseQuantity('1n')).toString(), '1000000001n');
    assert.equal(sumQuantities(['250m', '250m', '500m'].map(parseQuantity)).toString(), '1');
    assert.equal(sumQuantities([]).toString(), '0');
  });
  test('add/sub round trip (upstream TestAddSubRoundTripAcrossScales)', () => {
    const values = Array.from({ length: 100 }, (_, i) => BigInt(i) * 7919n * 1000003n + 17n);
    let total = new Quantity(0n, 0, 'DecimalSI');
    for (const j of values) total = total.add(newScaledQuantity(j, Number(j % 20n) - 10));
    for (const j of values) total = total.sub(newScaledQuantity(j, Number(j % 20n) - 10));
    assert.equal(total.isZero(), true);
  });
  test('mul (upstream TestMul)', () => {
    assert.equal(q(10, 0, 'DecimalSI').mul(10).toString(), '100');
    assert.equal(q(10, 0, 'DecimalSI').mul(-10).toString(), '-100');
    assert.equal(q(50, 0, 'DecimalSI').mul(0).toString(), '0');
    assert.equal(q(-50, 0, 'DecimalSI').mul(-50).toString(), '2500');
    assert.equal(
      q(MOST_POSITIVE, 0, 'DecimalSI')
        .mul(2)
        .cmp(q(MOST_POSITIVE * 2n, 0, 'DecimalSI')),
      0,
    );
    assert.equal(parseQuantity('1Gi').mul(3).toString(), '3Gi');
    assert.equal(parseQuantity('100m').mul(3).toString(), '300m');
  });
  test('neg (upstream TestQuantityNeg)', () => {
    assert.equal(q(901, -2, 'DecimalSI').neg().toString(), '-9010m');
    assert.equal(q(0, 0, 'DecimalSI').neg().isZero(), true);
    assert.equal(
      q(10, 0, 'BinarySI')
        .neg()
        .neg()
        .cmp(q(10, 0, 'BinarySI')),
      0,
    );
  });
  test('arithmetic that would need astronomically many digits is refused', () => {
    assert.throws(() => parseQuantity('1e999999999').add(parseQuantity('1')), RangeError);
    assert.equal(parseQuantity('1e999999999').toString(), '1e999999999');
    assert.equal(parseQuantity('1e-999999999').toString(), '1e-9');
  });
});

describe('values, rounding up', () => {
  const cases: [string, number, number][] = [
    ['1', 1, 1000],
    ['100m', 1, 100],
    ['1.5', 2, 1500],
    ['1Ki', 1024, 1024000],
    ['0.1m', 1, 1],
    ['1n', 1, 1],
    ['0', 0, 0],
    ['2Gi', 2147483648, 2147483648000],
    ['-1.5', -2, -1500],
    ['-100m', -1, -100],
    ['1.0000000001', 2, 1001],
  ];
  for (const [input, value, milli] of cases) {
    test(input, () => {
      assert.equal(parseQuantity(input).value(), value);
      assert.equal(parseQuantity(input).milliValue(), milli);
    });
  }
  test("negative values from the inf.Dec path keep upstream's quirk (truncate, then add one)", () => {
    assert.equal(parseQuantity('-1.0000000001').value(), 0);
    assert.equal(parseQuantity('-0.0000000001').value(), 1);
    assert.equal(parseQuantity('-1.0000000001').milliValue(), -999);
    assert.equal(parseQuantity('-1.0000000001').scaledValue(-30), -1000000001000000000000000000000);
    assert.equal(parseQuantity('-1.0000000001').scaledValueBig(20), 0n);
    assert.equal(parseQuantity('-1.5').value(), -2); // the int64 path rounds away from zero
  });
  test('scaled values (upstream TestScaledValue)', () => {
    const table: [number, number, number][] = [
      [Scale.Nano, Scale.Nano, 1],
      [Scale.Nano, Scale.Micro, 1],
      [Scale.Nano, Scale.Milli, 1],
      [Scale.Nano, 0, 1],
      [Scale.Micro, Scale.Nano, 1000],
      [Scale.Micro, Scale.Micro, 1],
      [Scale.Micro, Scale.Milli, 1],
      [Scale.Micro, 0, 1],
      [Scale.Milli, Scale.Nano, 1000 * 1000],
      [Scale.Milli, Scale.Micro, 1000],
      [Scale.Milli, Scale.Milli, 1],
      [Scale.Milli, 0, 1],
      [0, Scale.Nano, 1000 * 1000 * 1000],
      [0, Scale.Micro, 1000 * 1000],
      [0, Scale.Milli, 1000],
      [0, 0, 1],
      [2, -2, 100 * 100],
    ];
    for (const [from, to, want] of table)
      assert.equal(newScaledQuantity(1, from).scaledValue(to), want, `${from}→${to}`);
  });
  test('round up (upstream TestQuantityRoundUp)', () => {
    const table: [string, number, Quantity, boolean][] = [
      ['9.01', -3, q(901, -2, 'DecimalSI'), true],
      ['9.01', -2, q(901, -2, 'DecimalSI'), true],
      ['9.01', -1, q(91, -1, 'DecimalSI'), false],
      ['9.01', 0, q(10, 0, 'DecimalSI'), false],
      ['9.01', 1, q(10, 0, 'DecimalSI'), false],
      ['9.01', 2, q(100, 0, 'DecimalSI'), false],
      ['-9.01', -3, q(-901, -2, 'DecimalSI'), true],
      ['-9.01', -1, q(-91, -1, 'DecimalSI'), false],
      ['-9.01', 0, q(-10, 0, 'DecimalSI'), false],
      ['-9.01', 2, q(-100, 0, 'DecimalSI'), false],
    ];
    for (const [input, scale, want, exact] of table) {
      const r = parseQuantity(input).roundUp(scale);
      assert.equal(r.exact, exact, `${input}@${scale}`);
      assert.equal(r.quantity.cmp(want), 0, `${input}@${scale}: ${r.quantity}`);
    }
  });
  test('asInt64 and approximate float', () => {
    assert.equal(parseQuantity('1Ki').asInt64(), 1024n);
    assert.equal(parseQuantity('1.5').asInt64(), undefined);
    assert.equal(parseQuantity('100E').asInt64(), undefined);
    assert.equal(parseQuantity('1.5Gi').asApproximateFloat64(), 1610612736);
    assert.equal(parseQuantity('100m').asApproximateFloat64(), 0.1);
  });
});

describe('constructors (upstream TestNewSet / TestMilliNewSet / TestNewScaledSet)', () => {
  test('newQuantity', () => {
    const table: [number, QuantityFormat, string][] = [
      [1, 'DecimalSI', '1'],
      [1000, 'DecimalSI', '1k'],
      [1234000, 'DecimalSI', '1234k'],
      [1024, 'BinarySI', '1Ki'],
      [1024 * 1024, 'BinarySI', '1Mi'],
      [1000000, 'DecimalExponent', '1e6'],
    ];
    for (const [value, format, expect] of table) {
      assert.equal(newQuantity(value, format).toString(), expect);
      assert.equal(parseQuantity(expect).value(), value);
    }
  });
  test('newMilliQuantity', () => {
    const table: [number, QuantityFormat, string][] = [
      [1, 'DecimalSI', '1m'],
      [1000, 'DecimalSI', '1'],
      [1234000, 'DecimalSI', '1234'],
      [1024, 'BinarySI', '1024m'],
      [1000000, 'DecimalExponent', '1e3'],
      [1024 * 1024, 'BinarySI', '1048576m'],
    ];
    for (const [value, format, expect] of table)
      assert.equal(newMilliQuantity(value, format).toString(), expect);
  });
  test('newScaledQuantity', () => {
    const table: [number, number, string][] = [
      [1, Scale.Nano, '1n'],
      [1000, Scale.Nano, '1u'],
      [1, Scale.Micro, '1u'],
      [1000, Scale.Micro, '1m'],
      [1, Scale.Milli, '1m'],
      [1000, Scale.Milli, '1'],
      [1, 0, '1'],
      [0, Scale.Nano, '0'],
      [0, 0, '0'],
    ];
    for (const [value, scale, expect] of table) {
      assert.equal(newScaledQuantity(value, scale).toString(), expect);
      assert.equal(parseQuantity(expect).scaledValue(scale), value);
    }
  });
});

describe('validation helpers', () => {
  test('non-negative and positive', () => {
    assert.deepEqual(validateNonnegativeQuantity(parseQuantity('1'), 'x'), []);
    assert.deepEqual(validateNonnegativeQuantity(parseQuantity('0'), 'x'), []);
    assert.deepEqual(validateNonnegativeQuantity(parseQuantity('-0.5'), 'spec.x').map(fieldErrorMessage), [
      'spec.x: Invalid value: "-500m": must be greater than or equal to 0',
    ]);
    assert.deepEqual(validatePositiveQuantityValue(parseQuantity('0'), 'spec.x').map(fieldErrorMessage), [
      'spec.x: Invalid value: "0": must be greater than zero',
    ]);
    assert.deepEqual(validatePositiveQuantityValue(parseQuantity('1m'), 'spec.x'), []);
  });
});
