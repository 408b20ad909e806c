import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCheckedFormat, matchesFormat } from './schema-formats.ts';

describe('schema formats', () => {
  it('checks only the formats upstream keeps', () => {
    for (const f of [
      'date-time',
      'datetime',
      'date',
      'email',
      'ipv4',
      'uuid',
      'byte',
      'duration',
      'hostname',
    ])
      assert.equal(isCheckedFormat(f), true, f);
    for (const f of ['int32', 'int64', 'float', 'double', 'k8s-short-name', '', undefined])
      assert.equal(isCheckedFormat(f), false, String(f));
  });
  const cases: [string, string, boolean][] = [
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['date', '2024-2-01', false],
    ['date-time', '2024-05-01T10:00:00Z', true],
    ['date-time', '2024-05-01T10:00:00.123+02:00', true],
    ['date-time', '2024-05-01T25:00:00Z', false],
    ['date-time', '2024-05-01 10:00:00Z', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '::1', false],
    ['ipv6', '::1', true],
    ['ipv6', '10.0.0.1', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '10.0.0.0', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid4', '123e4567-e89b-12d3-a456-426614174000', false],
    ['hostname', 'example.com', true],
    ['hostname', '-bad.com', false],
    ['email', 'a@example.com', true],
    ['email', 'not an email', false],
    ['uri', 'https://example.com/x', true],
    ['uri', '/just/a/path', true],
    ['uri', 'relative/path', false],
    ['byte', 'aGVsbG8=', true],
    ['byte', 'not base64!', false],
    ['duration', '1h30m', true],
    ['duration', '5 minutes', true],
    ['duration', 'soon', false],
    ['mac', '00:00:5e:00:53:01', true],
    ['mac', '00:00:5e:00:53', false],
    ['hexcolor', '#fff', true],
    ['rgbcolor', 'rgb(1, 2, 300)', false],
    ['isbn10', '0321751043', true],
    ['isbn13', '978-0321751041', true],
    ['creditcard', '4111 1111 1111 1111', true],
    ['ssn', '123-45-6789', true],
    ['bsonobjectid', '507f1f77bcf86cd799439011', true],
    ['password', 'anything', true],
  ];
  for (const [format, value, ok] of cases) {
    it(`${format} ${JSON.stringify(value)} → ${ok}`, () => assert.equal(matchesFormat(format, value), ok));
  }
});
