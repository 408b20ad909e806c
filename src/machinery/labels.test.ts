import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  convertSelectorToLabelsMap,
  formatLabels,
  labelsConflict,
  labelsEqual,
  labelsToString,
  mergeLabels,
} from './label-set.ts';
import {
  everything,
  LabelSelectorError,
  newRequirement,
  nothing,
  parseRequirements,
  parseSelector,
  type Requirement,
  requirementMatches,
  requirementString,
  Selector,
  selectorFromSet,
  validatedSelectorFromSet,
  validateRequirement,
} from './labels.ts';
import { fieldErrorMessage } from './status.ts';

const VALUE_REGEX_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_REGEX_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function parseError(s: string): string {
  try {
    parseSelector(s);
  } catch (e) {
    assert.ok(e instanceof LabelSelectorError, `${s}: unexpected error type ${e}`);
    return e.message;
  }
  assert.fail(`${JSON.stringify(s)} parsed, expected an error`);
}

describe('parse: good strings re-stringify without spaces (upstream TestSelectorParse)', () => {
  for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
    test(JSON.stringify(s), () => assert.equal(parseSelector(s).toString(), s.replaceAll(' ', '')));
  }
});

describe('parse: structure (upstream TestSetSelectorParser)', () => {
  const r = (key: string, operator: Requirement['operator'], values: string[] = []): Requirement => ({
    key,
    operator,
    values,
  });
  const cases: [string, Requirement[]][] = [
    ['', []],
    ['\rx', [r('x', 'exists')]],
    ['this-is-a-dns.domain.com/key-with-dash', [r('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
    [
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      [r('this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what'])],
    ],
    [
      '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
      [r('0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock'])],
    ],
    ['foo  in\t (abc)', [r('foo', 'in', ['abc'])]],
    ['x notin\n (abc)', [r('x', 'notin', ['abc'])]],
    ['x  notin\t\t(abc,def)', [r('x', 'notin', ['abc', 'def'])]],
    ['x in (abc,def)', [r('x', 'in', ['abc', 'def'])]],
    ['x in (abc,)', [r('x', 'in', ['', 'abc'])]],
    ['x in ()', [r('x', 'in', [''])]],
    [
      'x notin (abc,,def),bar,z in (),w',
      [r('bar', 'exists'), r('w', 'exists'), r('x', 'notin', ['', 'abc', 'def']), r('z', 'in', [''])],
    ],
    ['x,y in (a)', [r('x', 'exists'), r('y', 'in', ['a'])]],
    ['x=a', [r('x', '=', ['a'])]],
    ['x==a', [r('x', '==', ['a'])]],
    ['x>1', [r('x', 'gt', ['1'])]],
    ['x<7', [r('x', 'lt', ['7'])]],
    ['x=a,y!=b', [r('x', '=', ['a']), r('y', '!=', ['b'])]],
    ['x=a,y!=b,z in (h,i,j)', [r('x', '=', ['a']), r('y', '!=', ['b']), r('z', 'in', ['h', 'i', 'j'])]],
    ['x notin ( )', [r('x', 'notin', [''])]],
    ['x notin (, a)', [r('x', 'notin', ['', 'a'])]],
    ['a ', [r('a', 'exists')]],
    ['a in (x,y,notin, z,in)', [r('a', 'in', ['in', 'notin', 'x', 'y', 'z'])]],
    ['in', [r('in', 'exists')]],
    ['notin=in', [r('notin', '=', ['in'])]],
    ['x in (b,a,b)', [r('x', 'in', ['a', 'b'])]],
    ['z=1,a=2,m', [r('a', '=', ['2']), r('m', 'exists'), r('z', '=', ['1'])]],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => assert.deepEqual(parseRequirements(input), want));
  }
});

describe('parse errors are worded as upstream', () => {
  const cases: [string, string][] = [
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${VALUE_REGEX_MSG}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    [
      'x<a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a=)', "unable to parse requirement: found '=', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['! =a', "unable to parse requirement: found '=', expected: identifier"],
    ['-a', `unable to parse requirement: <nil>: Invalid value: "-a": ${NAME_REGEX_MSG}`],
    [
      'a>1.5',
      `unable to parse requirement: values[0]: Invalid value: "1.5": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'a/b/c',
      "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
    ['x=-a', `unable to parse requirement: values[0][x]: Invalid value: "-a": ${VALUE_REGEX_MSG}`],
    [
      'x=' + 'a'.repeat(64),
      `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ],
    [
      'x in (-a,-b)',
      `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${VALUE_REGEX_MSG}, values[1][x]: Invalid value: "-b": ${VALUE_REGEX_MSG}]`,
    ],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => assert.equal(parseError(input), want));
  }
  test('a path option replaces <nil>', () => {
    assert.throws(() => parseSelector('-a', 'spec.selector'), {
      message: /^unable to parse requirement: spec\.selector: Invalid value: "-a"/,
    });
  });
});

describe('matching (upstream TestSelectorMatches)', () => {
  const yes: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['x<1', { x: '-5' }],
    ['x>0', { x: '+7' }],
    ['x in (a,b)', { x: 'b' }],
    ['x notin (a,b)', { x: 'c' }],
    ['x notin (a,b)', {}],
    ['x!=a', {}],
    ['x=', { x: '' }],
    ['x in (,a)', { x: '' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
    ['x in (a,b,c,d,e,f,g,h,i,j)', { x: 'j' }],
    ['x notin (a,b,c,d,e,f,g,h,i,j)', { x: 'k' }],
    ['!constructor', {}],
    ['constructor!=x', {}],
    ['a,b,c,d', { a: '', b: '', c: '', d: '' }],
  ];
  const no: [string, Record<string, string>][] = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['x>1', { x: 'v2' }],
    ['x>1', {}],
    ['x>1', { x: '99999999999999999999' }],
    ['x in (a,b)', { x: 'c' }],
    ['x in (a,b)', {}],
    ['x notin (a,b)', { x: 'a' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
    ['constructor', {}],
    ['constructor=x', {}],
    ['x in (a,b,c,d,e,f,g,h,i,j)', { x: 'k' }],
    ['x notin (a,b,c,d,e,f,g,h,i,j)', { x: 'a' }],
    ['a,b,c,d', { a: '', b: '', c: '' }],
  ];
  for (const [sel, labels] of yes) {
    test(`${sel} matches ${JSON.stringify(labels)}`, () => {
      assert.equal(parseSelector(sel).matches(labels), true);
      for (const r of parseSelector(sel).requirements) assert.equal(requirementMatches(r, labels), true);
    });
  }
  for (const [sel, labels] of no) {
    test(`${sel} does not match ${JSON.stringify(labels)}`, () =>
      assert.equal(parseSelector(sel).matches(labels), false));
  }
  test('missing label maps behave like empty ones', () => {
    assert.equal(parseSelector('!x').matches(undefined), true);
    assert.equal(parseSelector('x').matches(null), false);
    assert.equal(parseSelector('').matches(undefined), true);
  });
});

describe('Everything, Nothing, sets', () => {
  test('everything', () => {
    assert.equal(everything().matches({ x: 'y' }), true);
    assert.equal(everything().empty(), true);
    assert.equal(everything().toString(), '');
  });
  test('nothing', () => {
    assert.equal(nothing().matches({ x: 'y' }), false);
    assert.equal(nothing().matches({}), false);
    assert.equal(nothing().empty(), false);
    assert.equal(nothing().toString(), '');
    assert.equal(nothing().add({ key: 'a', operator: 'exists', values: [] }), nothing());
    assert.equal(nothing().selectable, false);
  });
  test('selectorFromSet', () => {
    const labels = { foo: 'bar', baz: 'blah' };
    for (const set of [{}, { foo: 'bar' }, { baz: 'blah' }, { foo: 'bar', baz: 'blah' }] as Record<
      string,
      string
    >[]) {
      assert.equal(selectorFromSet(set).matches(labels), true);
    }
    assert.equal(selectorFromSet({ foo: 'x' }).matches(labels), false);
    assert.equal(selectorFromSet(undefined).empty(), true);
    assert.equal(selectorFromSet({}).empty(), true);
    assert.equal(selectorFromSet({ app: 'foo', a: 'b' }).toString(), 'a=b,app=foo');
  });
  test('validatedSelectorFromSet rejects bad keys and values', () => {
    assert.equal(validatedSelectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
    assert.throws(() => validatedSelectorFromSet({ 'a b': 'c' }), {
      message: `key: Invalid value: "a b": ${NAME_REGEX_MSG}`,
    });
    assert.throws(() => validatedSelectorFromSet({ a: 'b c' }), {
      message: `values[0][a]: Invalid value: "b c": ${VALUE_REGEX_MSG}`,
    });
  });
});

describe('to string (upstream TestToString)', () => {
  const req = (key: string, operator: Requirement['operator'], values: string[] = []) =>
    newRequirement(key, operator, values);
  const cases: [Requirement[], string][] = [
    [
      [req('x', 'in', ['abc', 'def']), req('y', 'notin', ['jkl']), req('z', 'exists')],
      'x in (abc,def),y notin (jkl),z',
    ],
    [
      [req('x', 'notin', ['abc', 'def']), req('y', '!=', ['jkl']), req('z', '!')],
      'x notin (abc,def),y!=jkl,!z',
    ],
    [
      [req('x', 'notin', ['abc']), req('y', 'in', ['jkl', 'mno']), req('z', 'notin', [''])],
      'x notin (abc),y in (jkl,mno),z notin ()',
    ],
    [
      [req('x', '=', ['abc']), req('y', '==', ['jkl']), req('z', '!=', ['a']), req('z', 'exists')],
      'x=abc,y==jkl,z!=a,z',
    ],
    [[req('x', 'gt', ['2']), req('y', 'lt', ['8']), req('z', 'exists')], 'x>2,y<8,z'],
    [[req('tier', 'in', ['b', 'a']), req('app', '=', ['nginx'])], 'tier in (a,b),app=nginx'],
  ];
  for (const [reqs, want] of cases) test(want, () => assert.equal(new Selector(reqs).toString(), want));
  test('add sorts by key and keeps the original', () => {
    const base = parseSelector('b=1');
    const added = base.add(req('a', 'exists'), req('c', 'in', ['y', 'x']));
    assert.equal(added.toString(), 'a,b=1,c in (x,y)');
    assert.equal(base.toString(), 'b=1');
  });
  test('requirementString keeps input order of values unless unsorted', () => {
    assert.equal(requirementString({ key: 'k', operator: 'in', values: ['b', 'a'] }), 'k in (a,b)');
    assert.equal(requirementString({ key: 'k', operator: '!', values: [] }), '!k');
  });
});

describe('requiresExactMatch (upstream TestRequiresExactMatch)', () => {
  const cases: [Requirement[], string, string | undefined][] = [
    [[{ key: 'key', operator: 'in', values: ['value'] }], 'key', 'value'],
    [[{ key: 'key', operator: 'in', values: ['value', 'value2'] }], 'key', undefined],
    [
      [
        { key: 'key', operator: 'in', values: ['value', 'value1'] },
        { key: 'key2', operator: 'in', values: ['value2'] },
      ],
      'key2',
      'value2',
    ],
    [[{ key: 'key', operator: '=', values: ['value'] }], 'key', 'value'],
    [[{ key: 'key', operator: '==', values: ['value'] }], 'key', 'value'],
    [[{ key: 'key', operator: '!=', values: ['value'] }], 'key', undefined],
    [
      [
        { key: 'key', operator: 'in', values: ['value'] },
        { key: 'key2', operator: 'in', values: ['value2'] },
      ],
      'key',
      'value',
    ],
    [
      [
        { key: 'key', operator: 'exists', values: [] },
        { key: 'key', operator: '=', values: ['v'] },
      ],
      'key',
      undefined,
    ],
    [[], 'key', undefined],
  ];
  cases.forEach(([reqs, label, want], i) => {
    test(`case ${i}`, () => assert.equal(new Selector(reqs).requiresExactMatch(label), want));
  });
});

describe('newRequirement validation (upstream TestRequirementConstructor)', () => {
  const cases: [string, string, string[], string[]][] = [
    [
      'x1',
      'in',
      [],
      ["values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ],
    [
      'x2',
      'notin',
      [],
      ["values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ],
    ['x3', 'in', ['foo'], []],
    [
      'x5',
      '=',
      ['bar', 'foo'],
      ['values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value'],
    ],
    ['x6', 'exists', [], []],
    [
      'x8',
      'exists',
      ['foo'],
      ['values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist'],
    ],
    ['x11', 'gt', ['1'], []],
    [
      'x13',
      'gt',
      [],
      ["values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required"],
    ],
    [
      'x14',
      'gt',
      ['bar'],
      ["values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ],
    [
      'a'.repeat(254),
      'exists',
      [],
      [`key: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`],
    ],
    [
      'x16',
      '=',
      ['a'.repeat(254)],
      [`values[0][x16]: Invalid value: "${'a'.repeat(254)}": must be no more than 63 characters`],
    ],
    ['x17', '=', ['a b'], [`values[0][x17]: Invalid value: "a b": ${VALUE_REGEX_MSG}`]],
    [
      'x18',
      'unsupportedOp',
      [],
      [
        'operator: Unsupported value: "unsupportedOp": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
      ],
    ],
  ];
  for (const [key, op, values, want] of cases) {
    test(`${key.slice(0, 10)} ${op}`, () =>
      assert.deepEqual(validateRequirement(key, op, values).map(fieldErrorMessage), want));
  }
  test('a path prefixes every field', () => {
    assert.deepEqual(
      validateRequirement('k', 'in', [], 'spec.selector').map((e) => e.field),
      ['spec.selector.values'],
    );
  });
  test('newRequirement throws the aggregate', () => {
    assert.throws(() => newRequirement('x', 'in', []), {
      message: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    });
  });
});

describe('label maps', () => {
  test('labelsToString and formatLabels', () => {
    assert.equal(labelsToString({ b: '2', a: '1' }), 'a=1,b=2');
    assert.equal(labelsToString(undefined), '');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels({ app: 'web' }), 'app=web');
  });
  test('conflicts, merge, equality', () => {
    assert.equal(labelsConflict({ a: '1' }, { a: '2' }), true);
    assert.equal(labelsConflict({ a: '1' }, { b: '2' }), false);
    assert.equal(labelsConflict({ a: '1' }, { a: '1', b: '2' }), false);
    assert.deepEqual(mergeLabels({ a: '1', b: '1' }, { b: '2' }), { a: '1', b: '2' });
    assert.equal(labelsEqual({ a: '1' }, { a: '1' }), true);
    assert.equal(labelsEqual({ a: '1' }, { a: '2' }), false);
    assert.equal(labelsEqual({ a: '1' }, { b: '1' }), false);
    assert.equal(labelsEqual({}, undefined), true);
  });
  test('convertSelectorToLabelsMap', () => {
    assert.deepEqual(convertSelectorToLabelsMap(''), {});
    assert.deepEqual(convertSelectorToLabelsMap('a=1, b = 2'), { a: '1', b: '2' });
    assert.throws(() => convertSelectorToLabelsMap('a=b=c'), { message: 'invalid selector: [a b c]' });
    assert.throws(() => convertSelectorToLabelsMap('a'), { message: 'invalid selector: [a]' });
    assert.throws(() => convertSelectorToLabelsMap('a=b c'), {
      message: `[a]: Invalid value: "b c": ${VALUE_REGEX_MSG}`,
    });
    assert.throws(() => convertSelectorToLabelsMap('-a=b'), {
      message: `<nil>: Invalid value: "-a": ${NAME_REGEX_MSG}`,
    });
  });
});
