import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileLabelSelector,
  formatLabelSelector,
  type LabelSelector,
  labelSelectorAsMap,
  labelSelectorAsSelector,
  labelSelectorHasInvalidLabelValue,
  labelSelectorMatches,
  labelSelectorString,
  parseToLabelSelector,
  setAsLabelSelector,
  validateLabelSelector,
} from './label-selector.ts';
import { fieldErrorMessage } from './status.ts';

describe('nil and empty selectors', () => {
  test('nil selects nothing', () => {
    assert.equal(labelSelectorAsSelector(undefined).matches({ a: 'b' }), false);
    assert.equal(labelSelectorAsSelector(null).matches({}), false);
    assert.equal(compileLabelSelector(undefined)({}), false);
    assert.equal(labelSelectorMatches(undefined, { a: 'b' }), false);
  });
  test('empty selects everything', () => {
    for (const ps of [
      {},
      { matchLabels: {} },
      { matchExpressions: [] },
      { matchLabels: {}, matchExpressions: [] },
    ]) {
      assert.equal(labelSelectorAsSelector(ps).matches({ a: 'b' }), true);
      assert.equal(labelSelectorAsSelector(ps).empty(), true);
      assert.equal(labelSelectorMatches(ps, undefined), true);
    }
  });
});

describe('conversion and matching', () => {
  const ps: LabelSelector = {
    matchLabels: { app: 'nginx' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['b', 'a'] },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
      { key: 'team', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  };
  test('string form, sorted by key', () => {
    assert.equal(labelSelectorString(ps), 'app=nginx,env notin (prod),!legacy,team,tier in (a,b)');
    assert.equal(formatLabelSelector(ps), 'app=nginx,env notin (prod),!legacy,team,tier in (a,b)');
    assert.equal(
      formatLabelSelector({
        matchLabels: { app: 'nginx' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }],
      }),
      'app=nginx,tier in (a,b)',
    );
  });
  test('format placeholders', () => {
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector(undefined), '<none>');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), '<error>');
  });
  const cases: [Record<string, string>, boolean][] = [
    [{ app: 'nginx', tier: 'a', team: 'x' }, true],
    [{ app: 'nginx', tier: 'b', team: 'x', env: 'dev' }, true],
    [{ app: 'nginx', tier: 'c', team: 'x' }, false],
    [{ app: 'nginx', tier: 'a', team: 'x', env: 'prod' }, false],
    [{ app: 'nginx', tier: 'a' }, false],
    [{ app: 'nginx', tier: 'a', team: 'x', legacy: '' }, false],
    [{ app: 'apache', tier: 'a', team: 'x' }, false],
  ];
  const compiled = compileLabelSelector(ps);
  for (const [labels, want] of cases) {
    test(JSON.stringify(labels), () => {
      assert.equal(labelSelectorMatches(ps, labels), want);
      assert.equal(compiled(labels), want);
    });
  }
  test('errors', () => {
    assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), {
      message: '"Foo" is not a valid label selector operator',
    });
    assert.throws(
      () => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
      {
        message: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
      },
    );
    assert.throws(() => labelSelectorAsSelector({ matchLabels: { a: 'b c' } }), {
      message: /^values\[0\]\[a\]: Invalid value: "b c": a valid label/,
    });
    assert.equal(
      labelSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, { a: 'b' }),
      false,
    );
  });
});

describe('labelSelectorAsMap', () => {
  test('conversions', () => {
    assert.equal(labelSelectorAsMap(undefined), undefined);
    assert.deepEqual(
      labelSelectorAsMap({
        matchLabels: { a: '1' },
        matchExpressions: [{ key: 'b', operator: 'In', values: ['2'] }],
      }),
      { a: '1', b: '2' },
    );
  });
  test('errors', () => {
    assert.throws(
      () => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'In', values: ['1', '2'] }] }),
      {
        message:
          'operator "In" without a single value cannot be converted into the old label selector format',
      },
    );
    assert.throws(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }), {
      message: 'operator "Exists" cannot be converted into the old label selector format',
    });
    assert.throws(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'X' }] }), {
      message: '"X" is not a valid selector operator',
    });
  });
});

describe('parseToLabelSelector', () => {
  test('string to object', () => {
    assert.deepEqual(parseToLabelSelector('app=web,tier in (b,a),!old,x,env notin (prod)'), {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'old', operator: 'DoesNotExist', values: [] },
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'x', operator: 'Exists', values: [] },
      ],
    });
    assert.deepEqual(parseToLabelSelector(''), { matchLabels: {}, matchExpressions: [] });
  });
  test('errors', () => {
    assert.throws(() => parseToLabelSelector('a>1'), { message: '"gt" isn\'t supported in label selectors' });
    assert.throws(() => parseToLabelSelector('a in'), {
      message:
        /^couldn't parse the selector string "a in": unable to parse requirement: found '' expected: '\('$/,
    });
  });
  test('setAsLabelSelector', () => {
    assert.equal(setAsLabelSelector(undefined), undefined);
    assert.deepEqual(setAsLabelSelector({ a: 'b' }), { matchLabels: { a: 'b' } });
  });
});

describe('validateLabelSelector', () => {
  const cases: [string, LabelSelector, string[]][] = [
    [
      'valid',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
      [],
    ],
    [
      'In without values',
      { matchExpressions: [{ key: 'tier', operator: 'In' }] },
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    ],
    [
      'Exists with values',
      {
        matchExpressions: [
          { key: 'a', operator: 'Exists' },
          { key: 'b', operator: 'DoesNotExist', values: ['x'] },
        ],
      },
      [
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    ],
    [
      'bad operator',
      { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
      ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator'],
    ],
    [
      'bad key and values',
      { matchExpressions: [{ key: 'a/b/c', operator: 'NotIn', values: ['ok', 'not ok'] }] },
      [
        "spec.selector.matchExpressions[0].key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        "spec.selector.matchExpressions[0].values[1]: Invalid value: \"not ok\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    [
      'bad matchLabels',
      { matchLabels: { 'Bad Key': 'v' } },
      [
        "spec.selector.matchLabels: Invalid value: \"Bad Key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  ];
  for (const [name, ps, want] of cases) {
    test(name, () =>
      assert.deepEqual(validateLabelSelector(ps, {}, 'spec.selector').map(fieldErrorMessage), want),
    );
  }
  test('options relax checks', () => {
    const ps = { matchExpressions: [{ key: 'a', operator: 'Weird', values: ['not ok'] }] };
    assert.deepEqual(
      validateLabelSelector(
        ps,
        { allowInvalidLabelValueInSelector: true, allowUnknownOperatorInRequirement: true },
        'x',
      ),
      [],
    );
    assert.equal(validateLabelSelector(undefined, {}, 'x').length, 0);
  });
  test('labelSelectorHasInvalidLabelValue', () => {
    assert.equal(
      labelSelectorHasInvalidLabelValue({ matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] }),
      true,
    );
    assert.equal(
      labelSelectorHasInvalidLabelValue({ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }),
      false,
    );
    assert.equal(labelSelectorHasInvalidLabelValue(undefined), false);
  });
});
