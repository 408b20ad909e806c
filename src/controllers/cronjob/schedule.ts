// The next activation of a cron schedule after an instant (robfig/cron's SpecSchedule.Next and
// ConstantDelaySchedule.Next, as the CronJob controller uses them): field by field, the first
// month, day, hour, minute that match, wrapping around, in the schedule's time zone; no match
// within five years means never.
import { type CronSchedule, STAR_BIT } from '../../api/batch/cron-schedule.ts';
import { wallFields, zonedDate } from './zoned-time.ts';

const bit = (set: bigint, n: number) => (set & (1n << BigInt(n))) !== 0n;

function dayMatches(s: CronSchedule, day: number, weekday: number): boolean {
  const domMatch = bit(s.dom, day);
  const dowMatch = bit(s.dow, weekday);
  if ((s.dom & STAR_BIT) !== 0n || (s.dow & STAR_BIT) !== 0n) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/** The first activation strictly after `after` (ms), in `zone` unless the schedule names one; undefined for never. */
export function nextActivation(s: CronSchedule, after: number, zone: string): number | undefined {
  if (s.everySeconds !== undefined) return after - (after % 1000) + s.everySeconds * 1000;
  const loc = s.timeZone ?? zone;
  // The upcoming whole second.
  let t = Math.floor(after / 1000) * 1000 + 1000;
  let added = false;
  const yearLimit = wallFields(t, loc).year + 5;
  wrap: for (;;) {
    let f = wallFields(t, loc);
    if (f.year > yearLimit) return undefined;
    while (!bit(s.month, f.month)) {
      if (!added) {
        added = true;
        t = zonedDate(f.year, f.month, 1, 0, 0, 0, loc);
        f = wallFields(t, loc);
      }
      t = zonedDate(f.year, f.month + 1, f.day, f.hour, f.minute, f.second, loc);
      f = wallFields(t, loc);
      if (f.month === 1) continue wrap;
    }
    while (!dayMatches(s, f.day, f.weekday)) {
      if (!added) {
        added = true;
        t = zonedDate(f.year, f.month, f.day, 0, 0, 0, loc);
        f = wallFields(t, loc);
      }
      t = zonedDate(f.year, f.month, f.day + 1, f.hour, f.minute, f.second, loc);
      f = wallFields(t, loc);
      // Midnight may not exist on a DST change day: get back to hour 0.
      if (f.hour !== 0) {
        t += (f.hour > 12 ? 24 - f.hour : -f.hour) * 3_600_000;
        f = wallFields(t, loc);
      }
      if (f.day === 1) continue wrap;
    }
    while (!bit(s.hour, f.hour)) {
      if (!added) {
        added = true;
        t = zonedDate(f.year, f.month, f.day, f.hour, 0, 0, loc);
      }
      t += 3_600_000;
      f = wallFields(t, loc);
      if (f.hour === 0) continue wrap;
    }
    while (!bit(s.minute, f.minute)) {
      if (!added) {
        added = true;
        t -= t % 60_000;
      }
      t += 60_000;
      f = wallFields(t, loc);
      if (f.minute === 0) continue wrap;
    }
    // The standard parser fixes seconds at 0.
    while (f.second !== 0) {
      if (!added) {
        added = true;
        t -= t % 1000;
      }
      t += 1000;
      f = wallFields(t, loc);
      if (f.second === 0) continue wrap;
    }
    return t;
  }
}
