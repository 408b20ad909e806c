import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCronSchedule } from '../../api/batch/cron-schedule.ts';
import { nextActivation } from './schedule.ts';

const next = (spec: string, after: string, zone = 'UTC') => {
  const s = parseCronSchedule(spec).schedule!;
  const t = nextActivation(s, Date.parse(after), zone);
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('nextActivation', () => {
  const cases: [string, string, string | undefined][] = [
    ['*/5 * * * *', '2024-01-01T12:03:20Z', '2024-01-01T12:05:00.000Z'],
    ['*/5 * * * *', '2024-01-01T12:05:00Z', '2024-01-01T12:10:00.000Z'],
    ['@hourly', '2024-01-01T12:03:00Z', '2024-01-01T13:00:00.000Z'],
    ['@daily', '2024-12-31T23:59:59Z', '2025-01-01T00:00:00.000Z'],
    ['@monthly', '2024-01-31T10:00:00Z', '2024-02-01T00:00:00.000Z'],
    ['@yearly', '2024-06-01T00:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['@weekly', '2024-01-03T00:00:00Z', '2024-01-07T00:00:00.000Z'],
    ['0 9 * * 1-5', '2024-01-05T10:00:00Z', '2024-01-08T09:00:00.000Z'],
    ['30 6 1 * MON', '2024-01-02T00:00:00Z', '2024-01-08T06:30:00.000Z'],
    ['0 0 29 2 *', '2024-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 0 30 2 *', '2024-03-01T00:00:00Z', undefined],
    ['@every 90s', '2024-01-01T00:00:00.500Z', '2024-01-01T00:01:30.000Z'],
  ];
  for (const [spec, after, want] of cases) {
    it(`${spec} after ${after}`, () => assert.equal(next(spec, after), want));
  }

  it('honours a time zone, across daylight saving changes', () => {
    assert.equal(next('0 9 * * *', '2024-01-01T00:00:00Z', 'America/New_York'), '2024-01-01T14:00:00.000Z');
    assert.equal(next('0 9 * * *', '2024-07-01T00:00:00Z', 'America/New_York'), '2024-07-01T13:00:00.000Z');
    assert.equal(next('TZ=Asia/Tokyo 0 0 * * *', '2024-01-01T00:00:00Z'), '2024-01-01T15:00:00.000Z');
    // 02:30 does not exist on 2024-03-10 in New York: the next match is the day after.
    assert.equal(next('30 2 * * *', '2024-03-10T05:00:00Z', 'America/New_York'), '2024-03-11T06:30:00.000Z');
  });
});
