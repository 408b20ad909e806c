import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileColumnPath,
  evaluateColumnPath,
  JSONPathError,
  parseJSONPath,
  validateSimpleJSONPath,
} from './jsonpath.ts';
import { fieldErrorMessage } from './status.ts';

function run(template: string, data: unknown, allowMissingKeys = false): string {
  return parseJSONPath(template, { allowMissingKeys }).execute(data);
}

function runError(template: string, data: unknown, allowMissingKeys = false): string {
  try {
    parseJSONPath(template, { allowMissingKeys }).execute(data);
  } catch (e) {
    assert.ok(e instanceof JSONPathError, String(e));
    return e.message;
  }
  assert.fail(`${template} did not fail`);
}

const types = {
  bools: [true, false, true, false],
  integers: [1, 2, 3, 4],
  floats: [1.0, 2.2, 3.3, 4.0],
  strings: ['one', 'two', 'three', 'four'],
  interfaces: [true, 'one', 1, 1.1],
  maps: [
    { name: 'one', value: 1 },
    { name: 'two', value: 2.02 },
    { name: 'three', value: 3.03 },
    { name: 'four', value: 4.04 },
  ],
};

describe('slices of every type (upstream TestTypesInput)', () => {
  const cases: [string, string][] = [
    ['{ .bools }', '[true,false,true,false]'],
    ['{ .bools[0] }', 'true'],
    ['{ .bools[-1] }', 'false'],
    ['{ .bools[0:2] }', 'true false'],
    ['{ .bools[:2] }', 'true false'],
    ['{ .bools[:4:2] }', 'true true'],
    ['{ .integers }', '[1,2,3,4]'],
    ['{ .integers[-2] }', '3'],
    ['{ .integers[:4:2] }', '1 3'],
    ['{ .floats }', '[1,2.2,3.3,4]'],
    ['{ .floats[-2] }', '3.3'],
    ['{ .floats[:4:2] }', '1 3.3'],
    ['{ .strings }', '["one","two","three","four"]'],
    ['{ .strings[0] }', 'one'],
    ['{ .strings[0:2] }', 'one two'],
    ['{ .interfaces }', '[true,"one",1,1.1]'],
    ['{ .interfaces[:4:2] }', 'true 1'],
    [
      '{ .maps }',
      '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]',
    ],
    ['{ .maps[0] }', '{"name":"one","value":1}'],
    ['{ .maps[-2] }', '{"name":"three","value":3.03}'],
    ['{ .maps[::2] }', '{"name":"one","value":1} {"name":"three","value":3.03}'],
    ['{ .maps[1::2] }', '{"name":"two","value":2.02} {"name":"four","value":4.04}'],
  ];
  for (const [template, want] of cases) test(template, () => assert.equal(run(template, types), want));
});

const store = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [
    { Color: 'red', Price: 19.95, IsNew: true },
    { Color: 'green', Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

describe('store (upstream TestStructInput, on JSON data)', () => {
  const cases: [string, unknown, string][] = [
    ['hello jsonpath', null, 'hello jsonpath'],
    ['{..}', [1, 2, 3], '[1,2,3]'],
    ['{[?(@<5)]}', [2, 6, 3, 7], '2 3'],
    ['{"{"}', null, '{'],
    ['{[1,3,4]}', [0, 1, 2, 3, 4], '1 3 4'],
    ['{[0:2]}', ['Monday', 'Tudesday'], 'Monday Tudesday'],
    ['hello {.Name}', store, 'hello jsonpath'],
    ['{$.Labels.web/html}', store, '15'],
    ['{$.Employees.jason}', store, 'manager'],
    ['{.Labels.k8s-app}', store, '20'],
    ['{.Bicycle[*].Color}', store, 'red green'],
    ['{.Book[*].Author}', store, 'Nigel Rees Evelyn Waugh Herman Melville'],
    ['{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', store, '{red 19.95 true} {green 20.01 false} '],
    ['{..Price}', store, '8.95 12.99 8.99 19.95 20.01'],
    ['{...Price}', store, '8.95 12.99 8.99 19.95 20.01'],
    [
      '{.Bicycle}',
      store,
      '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]',
    ],
    [
      '{range .Bicycle[*]}{ @ }{ " " }{end}',
      store,
      '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} ',
    ],
    [
      '{.Book[-1:]}',
      store,
      '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
    ],
    [
      '{..Book[2]}',
      store,
      '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
    ],
    ['{.Bicycle[?(@.IsNew==true)]}', store, '{"Color":"red","IsNew":true,"Price":19.95}'],
    ['{.Book[?(@.Price>10.0)].Title}', store, 'Sword of Honour'],
    ['{.Book[?(@.Category!="fiction")].Title}', store, 'Sayings of the Centurey'],
    ["{.Book[?(@.Category=='fiction')].Title}", store, 'Sword of Honour Moby Dick'],
    ['{.Bicycle[?(@.Price<=19.95)].Color}', store, 'red'],
    ['{.Bicycle[?(@.Price>=19.95)].Color}', store, 'red green'],
  ];
  for (const [template, data, want] of cases) test(template, () => assert.equal(run(template, data), want));

  test('missing keys', () => {
    assert.equal(run('{.hello}', store, true), '');
    assert.equal(run('before-{.hello}after', store, true), 'before-after');
  });

  const failures: [string, string][] = [
    ['{hello}', 'unrecognized identifier hello'],
    ['{.hello}', 'hello is not found'],
    ['{.Labels[0]}', 'map[string]interface {} is not array or slice'],
    ['{.Book[?(@.Price<>10)]}', 'unrecognized filter operator <>'],
    ['{range .Labels.*}{@}{end}{end}', 'not in range, nothing to end'],
    ['{.Book[?(@.Price<10)]}', 'incompatible types for comparison'],
    ['{.Bicycle[?(@.IsNew<true)]}', 'invalid type for comparison'],
    ['{.Name[0]}', 'string is not array or slice'],
    ['{.Book[5]}', 'array index out of bounds: index 5, length 3'],
    ['{.Book[0:9]}', 'array index out of bounds: index 8, length 3'],
    ['{.Book[2:1]}', 'starting index 2 is greater than ending index 1'],
    ['{.Book[0:3:0]}', 'step must be > 0'],
    ['{.Name[?(@.x)]}', 'jsonpath is not array or slice and cannot be filtered'],
  ];
  for (const [template, want] of failures)
    test(`error ${template}`, () => assert.equal(runError(template, store), want));
});

describe('parse errors', () => {
  const cases: [string, string][] = [
    ['{.a', 'unclosed action'],
    ['{.a\n}', 'unclosed action'],
    ['{#}', "unrecognized character in action: U+0023 '#'"],
    ['{.a[0}', 'unterminated array'],
    ['{.a[x]}', 'invalid array index x'],
    ['{.a[-]}', 'array index - is not a number'],
    ['{.a[?(@.b=="c"}', 'unterminated filter'],
    ['{.a[?(@.b=="c")x}', 'unclosed array expect ]'],
    ['{"abc}', 'unterminated quoted string'],
    ['{............Price}', 'invalid multiple recursive descent'],
    ['{1.2.3}', 'cannot parse number 1.2.3'],
  ];
  for (const [template, want] of cases) {
    test(template, () =>
      assert.throws(
        () => parseJSONPath(template),
        (e) => e instanceof JSONPathError && e.message === want,
      ),
    );
  }
});

const points = [
  { id: 'i1', x: 4, y: -5 },
  { id: 'i2', x: -2, y: -5, z: 1 },
  { id: 'i3', x: 8, y: 3 },
  { id: 'i4', x: -6, y: -1 },
  { id: 'i5', x: 0, y: 2, z: 1 },
  { id: 'i6', x: 1, y: 4 },
  { id: 'i7', x: null, y: 4 },
];

describe('JSON input (upstream TestJSONInput)', () => {
  test('exists filter', () => assert.equal(run('{[?(@.z)].id}', points), 'i2 i5'));
  test('bracket key', () => assert.equal(run("{[0]['id']}", points), 'i1'));
  test('nil value', () => assert.equal(run("{[-1]['x']}", points), 'null'));
  test('numeric filter', () => assert.equal(run('{[?(@.x>0)].id}', points.slice(0, 6)), 'i1 i3 i6'));
  test('null never compares', () =>
    assert.equal(runError('{[?(@.x>0)].id}', points), 'invalid type for comparison'));
  test('float literals compare with floats, not ints', () => {
    assert.equal(run('{[?(@>1.0)]}', [0.5, 1.5, 2.5]), '1.5 2.5');
    assert.equal(runError('{[?(@>1)]}', [0.5, 1.5]), 'incompatible types for comparison');
  });
});

const nodes = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: {
        capacity: { cpu: '4' },
        ready: true,
        addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }],
      },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: {
        capacity: { cpu: '8' },
        ready: false,
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

describe('Kubernetes uses (upstream TestKubernetes)', () => {
  const cases: [string, string][] = [
    ['{range .items[*]}{.metadata.name}, {end}{.kind}', '127.0.0.1, 127.0.0.2, List'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{end}', '127.0.0.1\t127.0.0.2\t'],
    ['{.items[*].status.addresses[*].address}', '127.0.0.1 127.0.0.2 127.0.0.3'],
    [
      '{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}',
      '127.0.0.1, 127.0.0.2, 127.0.0.3, ',
    ],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    [
      '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}',
      '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
    ],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', 'None'],
    ['{.items[?(@..ready==true)].metadata.name}', '127.0.0.1'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
  ];
  for (const [template, want] of cases) test(template, () => assert.equal(run(template, nodes), want));
});

describe('ranges', () => {
  const pods = {
    items: [
      {
        metadata: { name: 'pod1' },
        spec: {
          containers: [
            { name: 'foo', another: [{ name: 'value1' }, { name: 'value2' }] },
            { name: 'bar', another: [{ name: 'value1' }, { name: 'value2' }] },
          ],
        },
      },
      {
        metadata: { name: 'pod2' },
        spec: { containers: [{ name: 'baz', another: [{ name: 'value1' }, { name: 'value2' }] }] },
      },
    ],
  };
  test('nested range', () => {
    assert.equal(
      run(
        '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        pods,
      ),
      'pod1:foo,bar,+pod2:baz,+',
    );
  });
  test('three levels', () => {
    assert.equal(
      run(
        '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
        pods,
      ),
      'pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#',
    );
  });
  test('two ranges at one level', () => {
    assert.equal(
      run(
        '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
        pods,
      ),
      'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
    );
  });
  test('empty ranges (upstream TestEmptyRange)', () => {
    assert.equal(run('{range .items[*]}{.metadata.name}{end}', { items: [] }, true), '');
    assert.equal(
      run(
        '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        { items: [] },
        true,
      ),
      '',
    );
  });
  test('range over a filter (upstream TestRunningPodsJSONPathOutput)', () => {
    const data = {
      kind: 'List',
      items: [
        { kind: 'Pod', metadata: { name: 'pod1' }, status: { phase: 'Running' } },
        { kind: 'Pod', metadata: { name: 'pod2' }, status: { phase: 'Running' } },
        { kind: 'Pod', metadata: { name: 'pod3' }, status: { phase: 'Running' } },
        { resourceVersion: '' },
      ],
    };
    assert.equal(
      run('{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}', data, true),
      'pod1 is Running\npod2 is Running\npod3 is Running\n',
    );
  });
});

describe('filters with missing keys (upstream issue 45546)', () => {
  const data = {
    kind: 'List',
    items: [
      { kind: 'Pod', metadata: { name: 'pod1', annotations: { color: 'blue' } } },
      { kind: 'Pod', metadata: { name: 'pod2' } },
      { kind: 'Pod', metadata: { name: 'pod3', annotations: { color: 'green' } } },
      { kind: 'Pod', metadata: { name: 'pod4', annotations: { color: 'blue' } } },
    ],
  };
  const t = '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}';
  test('tolerated', () => assert.equal(run(t, data, true), 'pod1 pod4'));
  test('an error otherwise', () => assert.equal(runError(t, data), 'annotations is not found'));
});

describe('indexes and steps (upstream TestNegativeIndex, TestStep)', () => {
  const pod = { spec: { containers: ['fake0', 'fake1', 'fake2', 'fake3'].map((name) => ({ name })) } };
  const ok: [string, string][] = [
    ['{.spec.containers[0].name}', 'fake0'],
    ['{.spec.containers[0:0].name}', ''],
    ['{.spec.containers[0:-1].name}', 'fake0 fake1 fake2'],
    ['{.spec.containers[-1].name}', 'fake3'],
    ['{.spec.containers[-1:].name}', 'fake3'],
    ['{.spec.containers[-2].name}', 'fake2'],
    ['{.spec.containers[-2:].name}', 'fake2 fake3'],
    ['{.spec.containers[-4].name}', 'fake0'],
    ['{.spec.containers[-4:].name}', 'fake0 fake1 fake2 fake3'],
    ['{.spec.containers[5:5].name}', ''],
    ['{.spec.containers[-5:-5].name}', ''],
    ['{.spec.containers[0:4:1].name}', 'fake0 fake1 fake2 fake3'],
    ['{.spec.containers[0:4:].name}', 'fake0 fake1 fake2 fake3'],
    ['{.spec.containers[1:4:2].name}', 'fake1 fake3'],
    ['{.spec.containers[*].name}', 'fake0 fake1 fake2 fake3'],
  ];
  for (const [template, want] of ok) test(template, () => assert.equal(run(template, pod), want));
  for (const bad of [
    '{.spec.containers[-1:0].name}',
    '{.spec.containers[-5].name}',
    '{.spec.containers[3:1].name}',
    '{.spec.containers[-1:-2].name}',
    '{.spec.containers[0:6:-1].name}',
  ]) {
    test(`error ${bad}`, () => assert.throws(() => run(bad, pod), JSONPathError));
  }
});

describe('printer columns', () => {
  const obj = {
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'nginx' }] } } },
    metadata: { labels: { app: 'web' } },
    status: {
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Ready', status: 'False' },
      ],
    },
  };
  const cases: [string, unknown][] = [
    ['.spec.replicas', 3],
    ['.metadata.labels.app', 'web'],
    ['.status.conditions[?(@.type=="Ready")].status', 'False'],
    ['.spec.template.spec.containers[0].image', 'nginx'],
    ['.spec.template.spec.containers[*].name', 'a'],
    ['.status.conditions[*].type', 'Available'],
    ['.spec.missing', undefined],
    ['.status.conditions[5].type', undefined],
    ['.status.conditions[?(@.type=="Gone")].status', undefined],
    ['.spec', obj.spec],
  ];
  for (const [path, want] of cases) test(path, () => assert.deepEqual(evaluateColumnPath(path, obj), want));
  test('compiled once, used on many rows', () => {
    const col = compileColumnPath('.spec.replicas');
    assert.equal(evaluateColumnPath(col, { spec: { replicas: 1 } }), 1);
    assert.equal(evaluateColumnPath(col, {}), undefined);
  });
  test('validateSimpleJSONPath', () => {
    assert.deepEqual(validateSimpleJSONPath('.spec.replicas', 'x'), []);
    assert.deepEqual(
      validateSimpleJSONPath('', 'spec.versions[0].additionalPrinterColumns[0].jsonPath').map(
        fieldErrorMessage,
      ),
      ['spec.versions[0].additionalPrinterColumns[0].jsonPath: Invalid value: "": must not be empty'],
    );
    assert.deepEqual(validateSimpleJSONPath('spec.x', 'p').map(fieldErrorMessage), [
      'p: Invalid value: "spec.x": must be a simple json path starting with .',
    ]);
  });
});

describe('output formatting', () => {
  test('objects print as Go JSON (sorted keys, HTML-safe)', () => {
    assert.equal(run('{.a}', { a: { z: 1, b: '<&>' } }), '{"b":"\\u003c\\u0026\\u003e","z":1}');
  });
  test('floats print as Go %v', () => {
    assert.equal(run('{.a}', { a: 1e-7 }), '1e-07');
    assert.equal(run('{.a}', { a: 0.5 }), '0.5');
    assert.equal(run('{.a}', { a: 12345678.5 }), '1.23456785e+07');
    assert.equal(run('{.a}', { a: 1000000 }), '1000000');
  });
  test('quoted text with escapes', () => {
    assert.equal(run('{"a\\tb"}{\'c\'}', null), 'a\tbc');
    assert.equal(run('{"\\u00e9"}', null), 'é');
  });
});
