import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canonicalMicroTime,
  canonicalTime,
  formatAge,
  formatMicroTime,
  formatTime,
  humanDuration,
  nowMicroTime,
  nowTime,
  parseDuration,
  parseMicroTime,
  parseTime,
  shortHumanDuration,
  TimeParseError,
} from './time.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (upstream TestHumanDuration)', () => {
  const cases: [number, string][] = [
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * D, '367d'],
    [(365 * 2 * 24 + 25) * H, '2y1d'],
    [(365 * 8 * 24 + 2) * H, '8y'],
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [150 * S, '2m30s'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [10 * M + S, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [3 * H + 2 * M, '3h2m'],
    [8 * H - 1, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 59 * M, '8h'],
    [2 * D - 1, '47h'],
    [2 * D, '2d'],
    [2 * D + H, '2d1h'],
    [2 * D + 3 * H, '2d3h'],
    [4 * D, '4d'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 23 * H, '8d'],
    [2 * 365 * D - 1, '729d'],
    [2 * 365 * D, '2y'],
    [2 * 365 * D + 23 * H, '2y'],
    [2 * 365 * D + 24 * H - 1, '2y'],
    [2 * 365 * D + 24 * H, '2y1d'],
    [3 * 365 * D, '3y'],
    [3 * 365 * D + 120 * D, '3y120d'],
    [7 * 365 * D, '7y'],
    [8 * 365 * D - 1, '7y364d'],
    [8 * 365 * D, '8y'],
    [8 * 365 * D + 364 * D, '8y'],
    [9 * 365 * D, '9y'],
  ];
  for (const [ms, want] of cases) test(`${ms}ms → ${want}`, () => assert.equal(humanDuration(ms), want));
});

describe('shortHumanDuration (upstream TestShortHumanDuration)', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [S, '1s'],
    [2 * S - 1, '1s'],
    [M - 1, '59s'],
    [M, '1m'],
    [2 * M - 1, '1m'],
    [H - 1, '59m'],
    [H, '1h'],
    [2 * H - 1, '1h'],
    [D - 1, '23h'],
    [D, '1d'],
    [2 * D - 1, '1d'],
    [365 * D - 1, '364d'],
    [365 * D, '1y'],
    [2 * 365 * D - 1, '1y'],
    [2 * 365 * D, '2y'],
  ];
  for (const [ms, want] of cases) test(`${ms}ms → ${want}`, () => assert.equal(shortHumanDuration(ms), want));
});

describe('formatAge (kubectl AGE column)', () => {
  const now = Date.UTC(2026, 10, 23, 10, 0, 0);
  test('cases', () => {
    assert.equal(formatAge('2026-11-23T09:59:15Z', now), '45s');
    assert.equal(formatAge('2026-11-23T09:57:30Z', now), '2m30s');
    assert.equal(formatAge('2026-11-23T06:58:00Z', now), '3h2m');
    assert.equal(formatAge('2026-11-21T07:00:00Z', now), '2d3h');
    assert.equal(formatAge(new Date(now - 4 * D), now), '4d');
    assert.equal(formatAge(now - 10 * M, now), '10m');
    assert.equal(formatAge('2026-11-23T10:00:05Z', now), '<invalid>');
    assert.equal(formatAge('2026-11-23T10:00:01Z', now), '0s');
  });
  test('missing or unreadable timestamps', () => {
    assert.equal(formatAge(undefined, now), '<unknown>');
    assert.equal(formatAge(null, now), '<unknown>');
    assert.equal(formatAge('', now), '<unknown>');
    assert.equal(formatAge('yesterday', now), '<unknown>');
  });
});

describe('RFC 3339 wire forms', () => {
  test('format', () => {
    assert.equal(formatTime(Date.UTC(2026, 10, 23, 10, 0, 0, 999)), '2026-11-23T10:00:00Z');
    assert.equal(formatMicroTime(Date.UTC(2026, 10, 23, 10, 0, 0, 5)), '2026-11-23T10:00:00.005000Z');
    assert.equal(formatMicroTime({ seconds: 0, nanos: 123456789 }), '1970-01-01T00:00:00.123456Z');
    assert.equal(formatTime({ seconds: -1, nanos: 0 }), '1969-12-31T23:59:59Z');
    assert.equal(formatTime(Date.UTC(2024, 1, 29, 23, 59, 59)), '2024-02-29T23:59:59Z');
    assert.match(nowTime(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(nowMicroTime(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
  test('parse and canonicalize', () => {
    assert.deepEqual(parseTime('2026-11-23T10:00:00Z'), {
      seconds: Date.UTC(2026, 10, 23, 10) / 1000,
      nanos: 0,
    });
    assert.equal(canonicalTime('2026-11-23T11:30:00+01:30'), '2026-11-23T10:00:00Z');
    assert.equal(canonicalTime('2026-11-23T10:00:00.999999999Z'), '2026-11-23T10:00:00Z');
    assert.equal(canonicalTime('2026-11-23T1:00:00Z'), '2026-11-23T01:00:00Z');
    assert.equal(canonicalTime('2026-11-23T10:00:00,5Z'), '2026-11-23T10:00:00Z');
    assert.equal(canonicalTime('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00Z');
    assert.equal(canonicalTime('0099-03-01T00:00:00Z'), '0099-03-01T00:00:00Z');
    assert.equal(canonicalMicroTime('2026-11-23T10:00:00.123456Z'), '2026-11-23T10:00:00.123456Z');
    assert.equal(canonicalMicroTime('2026-11-23T12:00:00.000001+02:00'), '2026-11-23T10:00:00.000001Z');
    assert.deepEqual(parseMicroTime('1970-01-01T00:00:01.000002Z'), { seconds: 1, nanos: 2000 });
  });
  const errors: [string, string, boolean][] = [
    ['', 'parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"', false],
    [
      'yesterday',
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
      false,
    ],
    ['2026-11-23', 'parsing time "2026-11-23" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"', false],
    [
      '2026-11-23 10:00:00Z',
      'parsing time "2026-11-23 10:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 10:00:00Z" as "T"',
      false,
    ],
    ['2026-13-01T00:00:00Z', 'parsing time "2026-13-01T00:00:00Z": month out of range', false],
    ['2026-02-30T00:00:00Z', 'parsing time "2026-02-30T00:00:00Z": day out of range', false],
    ['2026-01-01T24:00:00Z', 'parsing time "2026-01-01T24:00:00Z": hour out of range', false],
    ['2026-01-01T00:60:00Z', 'parsing time "2026-01-01T00:60:00Z": minute out of range', false],
    ['2026-01-01T00:00:60Z', 'parsing time "2026-01-01T00:00:60Z": second out of range', false],
    [
      '2026-1-01T00:00:00Z',
      'parsing time "2026-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"',
      false,
    ],
    [
      '2026-01-01T00:00:00',
      'parsing time "2026-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
      false,
    ],
    [
      '2026-01-01T00:00:00+0100',
      'parsing time "2026-01-01T00:00:00+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00"',
      false,
    ],
    ['2026-01-01T00:00:00Zjunk', 'parsing time "2026-01-01T00:00:00Zjunk": extra text: "junk"', false],
    [
      '2026-01-01T00:00:00.5Z',
      'parsing time "2026-01-01T00:00:00.5Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".5Z" as ".000000"',
      true,
    ],
    [
      '2026-01-01T00:00:00Z',
      'parsing time "2026-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
      true,
    ],
    [
      '2026-01-01T00:00:00.1234567Z',
      'parsing time "2026-01-01T00:00:00.1234567Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "7Z" as "Z07:00"',
      true,
    ],
    [
      '2026-01-01T00:00:00é',
      'parsing time "2026-01-01T00:00:00\\xc3\\xa9" as "2006-01-02T15:04:05Z07:00": cannot parse "\\xc3\\xa9" as "Z07:00"',
      false,
    ],
  ];
  for (const [input, message, micro] of errors) {
    test(`error ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => (micro ? parseMicroTime(input) : parseTime(input)),
        (e) => e instanceof TimeParseError && e.message === message,
      );
    });
  }
});

describe('Go durations', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['5s', 5e9],
    ['30s', 30e9],
    ['1478s', 1478e9],
    ['-5s', -5e9],
    ['+5s', 5e9],
    ['-0', 0],
    ['+0', 0],
    ['5.0s', 5e9],
    ['5.6s', 5.6e9],
    ['5.s', 5e9],
    ['.5s', 0.5e9],
    ['1.0s', 1e9],
    ['1.00s', 1e9],
    ['1.004s', 1.004e9],
    ['1.0040s', 1.004e9],
    ['100.00100s', 100.001e9],
    ['10ns', 10],
    ['11us', 11e3],
    ['12µs', 12e3],
    ['12μs', 12e3],
    ['13ms', 13e6],
    ['14s', 14e9],
    ['15m', 15 * 60e9],
    ['16h', 16 * 3600e9],
    ['3h30m', (3 * 60 + 30) * 60e9],
    ['1h30m', 5.4e12],
    ['10.5s4m', 4 * 60e9 + 10.5e9],
    ['-2m3.4s', -(2 * 60e9 + 3.4e9)],
    ['1h2m3s4ms5us6ns', 3600e9 + 2 * 60e9 + 3e9 + 4e6 + 5e3 + 6],
    ['39h9m14.425s', 39 * 3600e9 + 9 * 60e9 + 14.425e9],
    ['52763797000ns', 52763797000],
    ['0.3333333333333333333h', 20 * 60e9],
  ];
  for (const [input, want] of ok) test(input, () => assert.equal(parseDuration(input), want));
  const bad: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ];
  for (const [input, message] of bad)
    test(`error ${JSON.stringify(input)}`, () => assert.throws(() => parseDuration(input), { message }));
});
