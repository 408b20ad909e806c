import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  andFieldSelectors,
  escapeFieldValue,
  everythingFields,
  exactMetadataName,
  FieldSelectorError,
  fieldSelectorFromSet,
  nothingFields,
  objectMetaFields,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  parseFieldSelector,
  unescapeFieldValue,
} from './fields.ts';

describe('parse and re-stringify (upstream TestSelectorParse)', () => {
  for (const s of [
    'x=a,y=b,z=c',
    '',
    'x!=a,y=b',
    'x=a||y\\=b',
    'x=a\\=\\=b',
    'metadata.name=x',
    'spec.nodeName!=',
  ]) {
    test(JSON.stringify(s), () => assert.equal(parseFieldSelector(s).toString(), s));
  }
  test('terms are sorted and == prints as =', () => {
    assert.equal(
      parseFieldSelector('status.phase==Running,metadata.name=x').toString(),
      'metadata.name=x,status.phase=Running',
    );
  });
  test('empty terms are skipped', () => {
    assert.equal(parseFieldSelector('a=a,').toString(), 'a=a');
    assert.equal(parseFieldSelector(',a=a').toString(), 'a=a');
  });
  test('multi-byte', () => {
    assert.deepEqual(parseFieldSelector('함=수,목=록').requirements, [
      { field: '목', operator: '=', value: '록' },
      { field: '함', operator: '=', value: '수' },
    ]);
  });
  test('escaped commas stay in the value', () => {
    // Terms sort bytewise before parsing: "k2=..." < "k=..." since '2' < '='.
    assert.deepEqual(parseFieldSelector('k=\\,,k2=v2').requirements, [
      { field: 'k2', operator: '=', value: 'v2' },
      { field: 'k', operator: '=', value: ',' },
    ]);
    assert.deepEqual(
      parseFieldSelector('k=\\\\,k2=v2').requirements.map((r) => r.value),
      ['v2', '\\'],
    );
    assert.deepEqual(
      parseFieldSelector('k=\\\\\\,,k2=v2').requirements.map((r) => r.value),
      ['v2', '\\,'],
    );
  });
  test('the first operator in the term wins', () => {
    assert.deepEqual(parseFieldSelector('a=!b').requirements, [{ field: 'a', operator: '=', value: '!b' }]);
    assert.deepEqual(parseFieldSelector('a==!b').requirements, [{ field: 'a', operator: '=', value: '!b' }]);
    assert.throws(() => parseFieldSelector('a!==b'), {
      message: 'invalid field selector: unescaped character in value: 61',
    });
  });
});

describe('parse errors (upstream wording)', () => {
  const cases: [string, string][] = [
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['k=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['k=\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, want] of cases) {
    test(input, () =>
      assert.throws(
        () => parseFieldSelector(input),
        (e) => e instanceof FieldSelectorError && e.message === want,
      ),
    );
  }
});

describe('escaping (upstream TestEscapeValue)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ];
  for (const [raw, escaped] of cases) {
    test(JSON.stringify(raw), () => {
      assert.equal(escapeFieldValue(raw), escaped);
      assert.equal(unescapeFieldValue(escaped), raw);
    });
  }
  for (const bad of ['\\', '\\\\\\', '\\a']) {
    test(`invalid ${JSON.stringify(bad)}`, () =>
      assert.throws(() => unescapeFieldValue(bad), /invalid escape sequence/));
  }
  test('round trip through toString', () => {
    const s = oneTermEqualSelector('spec.x', 'a,b=c\\d');
    assert.equal(s.toString(), 'spec.x=a\\,b\\=c\\\\d');
    assert.deepEqual(parseFieldSelector(s.toString()).requirements, s.requirements);
  });
});

describe('matching (upstream TestSelectorMatches)', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  const yes: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['foo=bar', fieldset],
    ['baz=blah', fieldset],
    ['foo=bar,baz=blah', fieldset],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset],
    ['spec.nodeName=', {}],
    ['spec.nodeName=', { 'spec.nodeName': '' }],
    ['spec.nodeName!=', { 'spec.nodeName': 'n1' }],
    ['x!=y', {}],
  ];
  const no: [string, Record<string, string>][] = [
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['foo=blah', fieldset],
    ['baz=bar', fieldset],
    ['foo=bar,foobar=bar,baz=blah', fieldset],
    ['spec.nodeName!=', {}],
    ['x=y', {}],
  ];
  for (const [sel, fields] of yes)
    test(`${sel} ✓`, () => assert.equal(parseFieldSelector(sel).matches(fields), true));
  for (const [sel, fields] of no)
    test(`${sel} ✗`, () => assert.equal(parseFieldSelector(sel).matches(fields), false));
  test('undefined field maps read as empty', () => {
    assert.equal(parseFieldSelector('a=').matches(undefined), true);
    assert.equal(parseFieldSelector('a=b').matches(undefined), false);
  });
});

describe('constructors', () => {
  test('everything and nothing', () => {
    assert.equal(everythingFields().matches({ a: 'b' }), true);
    assert.equal(everythingFields().empty(), true);
    assert.equal(nothingFields().matches({ a: 'b' }), false);
    assert.equal(nothingFields().empty(), false);
    assert.equal(nothingFields().toString(), '');
  });
  test('from set', () => {
    assert.equal(fieldSelectorFromSet(undefined).empty(), true);
    assert.equal(fieldSelectorFromSet({}).empty(), true);
    const s = fieldSelectorFromSet({ a: '1', b: '2' });
    assert.equal(s.matches({ a: '1', b: '2', c: '3' }), true);
    assert.equal(s.matches({ a: '1' }), false);
  });
  test('one-term selectors and and', () => {
    assert.equal(oneTermEqualSelector('x', 'y').toString(), 'x=y');
    assert.equal(oneTermNotEqualSelector('x', 'y').toString(), 'x!=y');
    const both = andFieldSelectors(oneTermEqualSelector('a', '1'), oneTermNotEqualSelector('b', '2'));
    assert.equal(both.toString(), 'a=1,b!=2');
    assert.equal(both.matches({ a: '1', b: '3' }), true);
    assert.equal(both.matches({ a: '1', b: '2' }), false);
    assert.equal(andFieldSelectors(both, nothingFields()).matches({ a: '1' }), false);
  });
});

describe('requiresExactMatch and metadata.name', () => {
  test('cases (upstream TestRequiresExactMatch)', () => {
    assert.equal(everythingFields().requiresExactMatch('foo'), undefined);
    assert.equal(oneTermEqualSelector('foo', 'bar').requiresExactMatch('foo'), 'bar');
    assert.equal(oneTermNotEqualSelector('foo', 'bar').requiresExactMatch('foo'), undefined);
    assert.equal(parseFieldSelector('foo=bar,baz=x').requiresExactMatch('baz'), 'x');
    assert.equal(parseFieldSelector('foo==bar').requiresExactMatch('foo'), 'bar');
  });
  test('exactMetadataName', () => {
    assert.equal(exactMetadataName('metadata.name=web'), 'web');
    assert.equal(exactMetadataName('metadata.name==web,status.phase=Running'), 'web');
    assert.equal(exactMetadataName('metadata.name!=web'), undefined);
    assert.equal(exactMetadataName(''), undefined);
    assert.equal(exactMetadataName(undefined), undefined);
    assert.equal(exactMetadataName(parseFieldSelector('metadata.name=')), '');
  });
  test('objectMetaFields', () => {
    assert.deepEqual(objectMetaFields({ name: 'a', namespace: 'b' }, true), {
      'metadata.name': 'a',
      'metadata.namespace': 'b',
    });
    assert.deepEqual(objectMetaFields({ name: 'a' }, false), { 'metadata.name': 'a' });
  });
});

describe('transform (field label conversion)', () => {
  const rename = (field: string, value: string): [string, string] => {
    if (field === 'spec.host') return ['spec.nodeName', value];
    if (field === 'drop') return ['', ''];
    if (field === 'metadata.name' || field === 'spec.nodeName') return [field, value];
    throw new Error(`field label not supported: ${field}`);
  };
  test('renames and drops terms', () => {
    assert.equal(
      parseFieldSelector('spec.host=n1,drop=x,metadata.name=a', rename).toString(),
      'metadata.name=a,spec.nodeName=n1',
    );
    assert.equal(parseFieldSelector('drop=x', rename).empty(), true);
  });
  test('errors propagate', () => {
    assert.throws(() => parseFieldSelector('status.bogus=1', rename), {
      message: 'field label not supported: status.bogus',
    });
  });
});
