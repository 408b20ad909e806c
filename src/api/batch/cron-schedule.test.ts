import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCronSchedule, STAR_BIT } from './cron-schedule.ts';

const bitsOf = (...values: number[]) => values.reduce((acc, v) => acc | (1n << BigInt(v)), 0n);
const range = (lo: number, hi: number, step = 1) => {
  const out: number[] = [];
  for (let i = lo; i <= hi; i += step) out.push(i);
  return out;
};

test('standard five-field schedules', () => {
  const { schedule } = parseCronSchedule('*/15 9-17 * jan,JUL mon-fri');
  assert.ok(schedule);
  assert.equal(schedule.minute, bitsOf(0, 15, 30, 45));
  assert.equal(schedule.hour, bitsOf(...range(9, 17)));
  assert.equal(schedule.dom, bitsOf(...range(1, 31)) | STAR_BIT);
  assert.equal(schedule.month, bitsOf(1, 7));
  assert.equal(schedule.dow, bitsOf(1, 2, 3, 4, 5));
  assert.equal(parseCronSchedule('5 4 * * ?').schedule?.dow, bitsOf(...range(0, 6)) | STAR_BIT);
  assert.equal(parseCronSchedule('30 2 1 */3 *').schedule?.month, bitsOf(1, 4, 7, 10));
});

test('descriptors', () => {
  const hourly = parseCronSchedule('@hourly').schedule!;
  assert.equal(hourly.minute, bitsOf(0));
  assert.equal(hourly.hour, bitsOf(...range(0, 23)) | STAR_BIT);
  const weekly = parseCronSchedule('@weekly').schedule!;
  assert.equal(weekly.dow, bitsOf(0));
  for (const d of ['@yearly', '@annually', '@monthly', '@daily', '@midnight'])
    assert.ok(parseCronSchedule(d).schedule, d);
  assert.equal(parseCronSchedule('@every 1h30m').schedule?.everySeconds, 5400);
  assert.equal(parseCronSchedule('@every 10ms').schedule?.everySeconds, 1);
});

test("the parser's own error messages", () => {
  const cases: [string, string][] = [
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
    ['TZ=Nowhere/Else * * * * *', 'provided bad location Nowhere/Else: unknown time zone Nowhere/Else'],
  ];
  for (const [spec, error] of cases) assert.equal(parseCronSchedule(spec).error, error, spec);
  assert.equal(parseCronSchedule('TZ=Europe/Paris 0 9 * * *').schedule?.timeZone, 'Europe/Paris');
});
