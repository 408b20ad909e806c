import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldErrorMessage } from '../status.ts';
import { isValidCIDR, isValidIP, isValidIPv4Address, isValidIPv6Address, parseCIDR, parseIP } from './ip.ts';
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1123SubdomainWithUnderscore,
  isDomainPrefixedPath,
  isEnvVarName,
  isFullyQualifiedDomainName,
  isFullyQualifiedName,
  isHTTPHeaderName,
  isInRange,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  utf8Length,
} from './names.ts';

function goodAndBad(name: string, fn: (v: string) => string[], good: string[], bad: string[]): void {
  describe(name, () => {
    test('accepts', () => {
      for (const v of good) assert.deepEqual(fn(v), [], `${JSON.stringify(v)} should be valid`);
    });
    test('rejects', () => {
      for (const v of bad) assert.notEqual(fn(v).length, 0, `${JSON.stringify(v)} should be invalid`);
    });
  });
}

goodAndBad(
  'isDNS1123Label',
  isDNS1123Label,
  ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)],
  [
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '1_',
    '_1',
    '1_2',
    '.',
    'a.',
    '.a',
    'a.b',
    '1.',
    '.1',
    '1.2',
    ' ',
    'a ',
    ' a',
    'a b',
    '1 ',
    ' 1',
    '1 2',
    'a'.repeat(64),
  ],
);

goodAndBad(
  'isDNS1123Subdomain',
  isDNS1123Subdomain,
  [
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    'a.a',
    'ab.a',
    'a--1--2--b.a',
    'a.1',
    '0.a',
    '0.1',
    '1--a--b--2.1',
    'a.b.c.d.e',
    'aa.bb.cc.dd.ee',
    '1.2.3.4.5',
    '11.22.33.44.55',
    'a'.repeat(253),
  ],
  [
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '1_',
    '_1',
    '1_2',
    '.',
    'a.',
    '.a',
    'a..b',
    '1.',
    '.1',
    '1..2',
    ' ',
    'a ',
    ' a',
    'a b',
    'A.a',
    'aB.a',
    'ab.A',
    'A.B.C.D.E',
    'a@b',
    'a,b',
    'a;b',
    'a:b',
    'a%b',
    'a?b',
    'a$b',
    'a'.repeat(254),
  ],
);

goodAndBad(
  'isDNS1035Label',
  isDNS1035Label,
  ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)],
  [
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '.',
    'a.',
    '.a',
    'a.b',
    ' ',
    'a b',
    'a'.repeat(64),
  ],
);

goodAndBad(
  'isCIdentifier',
  isCIdentifier,
  [
    'a',
    'ab',
    'abc',
    'a1',
    '_a',
    'a_',
    'a_b',
    'a_1',
    'a__1__2__b',
    '__abc_123',
    'A',
    'AB',
    'AbC',
    'A1',
    '_A',
    'A_',
    'A_B',
    'A_1',
    'A__1__2__B',
    '__123_ABC',
  ],
  [
    '',
    '1',
    '123',
    '1a',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '1_',
    '1_2',
    '.',
    'a.',
    '.a',
    'a.b',
    '1.',
    '.1',
    '1.2',
    ' ',
    'a ',
    ' a',
    'a b',
    '1 ',
    ' 1',
    '1 2',
    '#a#',
  ],
);

goodAndBad(
  'isValidPortName',
  isValidPortName,
  ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'],
  [
    'longerthan15characters',
    '',
    'a'.repeat(16),
    '12345',
    '1-2-3-4',
    '-begin',
    'end-',
    'two--hyphens',
    'whois++',
  ],
);

goodAndBad(
  'isQualifiedName',
  isQualifiedName,
  [
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ],
  [
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ],
);

goodAndBad(
  'isValidLabelValue',
  isValidLabelValue,
  ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''],
  [
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a'.repeat(64),
  ],
);

goodAndBad(
  'isHTTPHeaderName',
  isHTTPHeaderName,
  [
    'Accept-Encoding',
    'Host',
    'If-Modified-Since',
    'X-Forwarded-For',
    'a',
    '-a',
    'a-',
    'a--1--2--b',
    '--abc-123',
    'A--1--2--B',
  ],
  [
    'Host:',
    'X-Forwarded-For:',
    'X-@Home',
    '',
    '_',
    'a_',
    '.',
    'a.b',
    ' ',
    'a b',
    '#a#',
    '^',
    ',',
    ';',
    '=',
    '<',
    '?',
    '@',
    '{',
  ],
);

goodAndBad(
  'isValidPercent',
  isValidPercent,
  ['0%', '00000%', '1%', '01%', '99%', '100%', '101%'],
  ['', '0', '100', '0.0%', '99.9%', 'hundred', ' 1%', '1% ', '-0%', '-1%', '+1%'],
);

goodAndBad(
  'isConfigMapKey',
  isConfigMapKey,
  [
    'a',
    'good',
    'good-good',
    'still.good',
    'this.is.also.good',
    '.so.is.this',
    'THIS_IS_GOOD',
    'so_is_this_17',
  ],
  ['.', '..', '..bad', 'b*d', 'bad!&bad', 'a'.repeat(254)],
);

goodAndBad(
  'isWildcardDNS1123Subdomain',
  isWildcardDNS1123Subdomain,
  ['*.example.com', '*.bar.com', '*.foo.bar.com'],
  ['*.*.bar.com', '*.foo.*.com', '*bar.com', 'f*.bar.com', '*'],
);

goodAndBad(
  'isRelaxedEnvVarName',
  isRelaxedEnvVarName,
  [
    '-',
    ':',
    '_',
    '+a',
    '>a',
    '<a',
    'a.',
    'a..',
    '*a',
    '%a',
    '?a',
    'a:a',
    'a_a',
    'aAz',
    '~a',
    '|a',
    'a0a',
    'a9',
    '/a',
    'a ',
    '#a',
    '0a',
    '0 a',
    "'a",
    '(a',
    '@a',
  ],
  ['', '=', 'a=', '1=a', 'a=b', '#%=&&', '\x01abc', '\x82abc', 'Ç ç', 'Ä ä', 'Ñ ñ', 'Ø ø'],
);

goodAndBad(
  'isEnvVarName',
  isEnvVarName,
  ['A', 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1', '_x', '-x', '.x'],
  ['', '1A', 'A B', 'A=B', '.', '..', '..x'],
);

goodAndBad(
  'isDNS1123SubdomainWithUnderscore',
  isDNS1123SubdomainWithUnderscore,
  ['_a', 'a_b', '_a._b', 'a.b'],
  ['a_', '_', '__a', 'A'],
);

describe('exact messages', () => {
  const cases: [string, string[], string[]][] = [
    [
      'label: uppercase',
      isDNS1123Label('Abc'),
      [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['label: dots', isDNS1123Label('a.b'), ['must not contain dots']],
    [
      'label: 64 chars and a leading dash',
      isDNS1123Label(`-${'a'.repeat(63)}`),
      [
        'must be no more than 63 characters',
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['label: 64 chars', isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']],
    ['subdomain: 254 chars', isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']],
    [
      'subdomain: uppercase',
      isDNS1123Subdomain('My.Name'),
      [
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      'dns1035: leading digit',
      isDNS1035Label('1abc'),
      [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['qualified: empty prefix', isQualifiedName('/a'), ['prefix part must be non-empty']],
    [
      'qualified: empty name',
      isQualifiedName('a/'),
      [
        'name part must be non-empty',
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    [
      'qualified: bad prefix',
      isQualifiedName('Example.com/a'),
      [
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      'qualified: long name',
      isQualifiedName('a'.repeat(64)),
      ['name part must be no more than 63 characters'],
    ],
    ['port name: digits only', isValidPortName('123'), ['must contain at least one letter (a-z)']],
    [
      'port name: everything wrong',
      isValidPortName('-A--b-c-d-e-f-g-h-'),
      [
        'must be no more than 15 characters',
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must not contain consecutive hyphens',
        'must not begin or end with a hyphen',
      ],
    ],
    ['port number', isValidPortNum(0), ['must be between 1 and 65535, inclusive']],
    ['range', isInRange(5, 1, 3), ['must be between 1 and 3, inclusive']],
    ['uid', isValidUserID(-1), ['must be between 0 and 2147483647, inclusive']],
    ['gid', isValidGroupID(2147483648), ['must be between 0 and 2147483647, inclusive']],
    ['config map key ..', isConfigMapKey('..x'), ["must not start with '..'"]],
    ['config map key .', isConfigMapKey('.'), ["must not be '.'"]],
    [
      'env var name',
      isEnvVarName('1A'),
      [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      ],
    ],
    [
      'relaxed env var name',
      isRelaxedEnvVarName('a=b'),
      ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ],
    ['relaxed env var name, empty', isRelaxedEnvVarName(''), ['environment variable name must be non-empty']],
    [
      'percent',
      isValidPercent('x'),
      [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    ['path segment', isValidPathSegmentName('..'), ["may not be '..'"]],
    ['path segment chars', isValidPathSegmentName('a/b%c'), ["may not contain '/'", "may not contain '%'"]],
  ];
  for (const [name, got, want] of cases) test(name, () => assert.deepEqual(got, want));
  test('lengths are bytes, as in Go', () => {
    assert.equal(utf8Length('abc'), 3);
    assert.equal(utf8Length('ā'), 2);
    assert.equal(utf8Length('€'), 3);
    assert.equal(utf8Length('😀'), 4);
    assert.deepEqual(isValidLabelValue('ā'.repeat(32)).length, 2); // 64 bytes, and not ASCII
  });
});

describe('name rules with generateName masking', () => {
  test('a trailing dash is fine in a prefix', () => {
    assert.deepEqual(nameIsDNSSubdomain('foo-', true), []);
    assert.deepEqual(nameIsDNSLabel('foo-', true), []);
    assert.deepEqual(nameIsDNS1035Label('foo-', true), []);
    assert.notEqual(nameIsDNSSubdomain('foo-', false).length, 0);
    assert.notEqual(nameIsDNSSubdomain('Foo-', true).length, 0);
    // Upstream replaces the last two characters with "a": "a-" is checked as "a".
    assert.deepEqual(nameIsDNSSubdomain('a-', true), []);
    assert.notEqual(nameIsDNSSubdomain('-', true).length, 0);
  });
});

describe('IP addresses (upstream TestIsValidIP)', () => {
  const good = [
    '1.2.3.4',
    '0.0.0.0',
    '255.255.255.255',
    '1234::abcd',
    '::',
    'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    '0:0:0:0:0:0:0:0',
    '0001:002:03:4::',
    '1234::ABCD',
    '1.1.1.01',
    '::ffff:1.1.1.1',
    '::1',
    'fe80::1',
    '2001:db8::1.2.3.4',
  ];
  const bad = [
    '',
    'aaaaaaa',
    'myhost.mydomain',
    '1.2.3.0/24',
    '1.2.3.400',
    '-1.0.0.0',
    '2001:db8::10005',
    '1.2.3.4:80',
    '[2001:db8::1]',
    '[2001:db8::1]:80',
    'example.com:80',
    '1234::abcd%eth0',
    '169.254.0.0%eth0',
    '1.2.3',
    '1.2.3.4.5',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    ':1::',
    '1.2.3.4::',
  ];
  for (const v of good) test(`valid ${v}`, () => assert.deepEqual(isValidIP('spec.ip', v), []));
  for (const v of bad) {
    test(`invalid ${JSON.stringify(v)}`, () => {
      assert.deepEqual(isValidIP('spec.ip', v).map(fieldErrorMessage), [
        `spec.ip: Invalid value: ${JSON.stringify(v)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
      ]);
    });
  }
  test('families', () => {
    assert.deepEqual(isValidIPv4Address('f', '10.0.0.1'), []);
    assert.deepEqual(isValidIPv4Address('f', '::ffff:10.0.0.1'), []);
    assert.deepEqual(isValidIPv4Address('f', '::1').map(fieldErrorMessage), [
      'f: Invalid value: "::1": must be a valid IPv4 address',
    ]);
    assert.deepEqual(isValidIPv6Address('f', '::1'), []);
    assert.deepEqual(isValidIPv6Address('f', '10.0.0.1').map(fieldErrorMessage), [
      'f: Invalid value: "10.0.0.1": must be a valid IPv6 address',
    ]);
  });
  test('parsed bytes', () => {
    assert.deepEqual([...parseIP('010.0.0.1')!.bytes.subarray(12)], [10, 0, 0, 1]);
    assert.deepEqual([...parseIP('1::2')!.bytes], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual([...parseIP('::ffff:1.2.3.4')!.bytes.subarray(10)], [0xff, 0xff, 1, 2, 3, 4]);
  });
});

describe('CIDRs (upstream TestIsValidCIDR)', () => {
  const good = [
    '1.0.0.0/8',
    '0.0.0.0/0',
    '1.1.1.1/32',
    '2001:4860:4860::/48',
    '::/0',
    '::1/128',
    '2a00:79e0:2:0::/64',
    '2001:DB8::/64',
    '1.1.01.0/24',
    '::ffff:1.1.1.0/24',
    '::ffff:1.1.1.0/120',
    '1.2.3.4/24',
    '2001:db8::1/64',
    '192.168.0.0/016',
  ];
  const bad = [
    '',
    'aaaaaaa',
    '1.2.3.4',
    '192.168.0.1/healthz',
    '192.168.0.1/0/99',
    '192.168.0.0/-16',
    '192.168.0.0/+16',
    '192.168.0.0/33',
    '::/129',
    '1.2.3.4/',
  ];
  for (const v of good) test(`valid ${v}`, () => assert.deepEqual(isValidCIDR('c', v), []));
  for (const v of bad) {
    test(`invalid ${JSON.stringify(v)}`, () => {
      assert.deepEqual(isValidCIDR('c', v).map(fieldErrorMessage), [
        `c: Invalid value: ${JSON.stringify(v)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
      ]);
    });
  }
  test('parsed', () => {
    assert.deepEqual(
      { ...parseCIDR('10.0.0.0/8'), ip: undefined },
      { ip: undefined, prefixLength: 8, bits: 32 },
    );
    assert.equal(parseCIDR('::ffff:1.1.1.0/120')?.bits, 128);
  });
});

describe('domain names and prefixed paths', () => {
  test('isFullyQualifiedName', () => {
    assert.deepEqual(isFullyQualifiedName('spec.group', 'stable.example.com'), []);
    assert.deepEqual(isFullyQualifiedName('spec.group', '').map(fieldErrorMessage), [
      'spec.group: Required value',
    ]);
    assert.deepEqual(isFullyQualifiedName('spec.group', 'example.com').map(fieldErrorMessage), [
      'spec.group: Invalid value: "example.com": should be a domain with at least three segments separated by dots',
    ]);
    assert.equal(isFullyQualifiedName('g', 'Example.com.x').length, 1);
  });
  test('isFullyQualifiedDomainName', () => {
    assert.deepEqual(isFullyQualifiedDomainName('d', 'example.com.'), []);
    assert.deepEqual(isFullyQualifiedDomainName('d', 'localhost').map(fieldErrorMessage), [
      'd: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
    ]);
    assert.equal(isFullyQualifiedDomainName('d', '').length, 1);
  });
  test('isDomainPrefixedPath', () => {
    assert.deepEqual(isDomainPrefixedPath('c', 'acme.io/foo'), []);
    assert.deepEqual(isDomainPrefixedPath('c', 'acme.io/').map(fieldErrorMessage), [
      'c: Invalid value: "acme.io/": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    assert.deepEqual(isDomainPrefixedPath('c', 'acme.io/a b').map(fieldErrorMessage), [
      `c: Invalid value: "a b": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')`,
    ]);
    assert.equal(isDomainPrefixedPath('c', 'Acme.io/foo').length, 1);
  });
});
