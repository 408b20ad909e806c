// When a CronJob should have run (pure, upstream's cronjob utils): the most recent missed
// schedule time since the last one (or creation), bounded by startingDeadlineSeconds, how many
// were missed, when to look again, and the deterministic Job name `<cronjob>-<minutes since epoch>`.
import type { CronSchedule } from '../../api/batch/cron-schedule.ts';
import { timeMs } from '../workload-common/pod-state.ts';
import type { CronJob } from '../workload-common/types.ts';
import { nextActivation } from './schedule.ts';
import { wallFields } from './zoned-time.ts';

/** Past the scheduled time, how late the controller looks (upstream's nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface MostRecent {
  earliest: number;
  mostRecent?: number;
  missed: number;
  error?: string;
}

/** `mostRecentScheduleTime`. */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: number,
  s: CronSchedule,
  zone: string,
  includeStartingDeadline: boolean,
): MostRecent {
  let earliest = timeMs(cj.status?.lastScheduleTime) ?? timeMs(cj.metadata?.creationTimestamp) ?? now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && deadline != null) {
    const schedulingDeadline = now - deadline * 1000;
    if (schedulingDeadline > earliest) earliest = schedulingDeadline;
  }
  const t1 = nextActivation(s, earliest, zone);
  if (t1 === undefined || now < t1) return { earliest, missed: 0 };
  const t2 = nextActivation(s, t1, zone);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 1 };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1)
    return { earliest, missed: 0, error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.floor((now - t1) / 1000);
  const missed = Math.floor(elapsed / between) + 1;
  // Start two periods before the estimate and walk forward: schedules need not be regular.
  let t = nextActivation(s, t1 + (missed - 2) * between * 1000, zone);
  let mostRecent: number | undefined;
  while (t !== undefined && t <= now) {
    mostRecent = t;
    t = nextActivation(s, t, zone);
  }
  return mostRecent === undefined ? { earliest, missed } : { earliest, mostRecent, missed };
}

/** `nextScheduleTimeDuration`: ms from now until just past the next schedule time. */
export function nextScheduleDelay(cj: CronJob, now: number, s: CronSchedule, zone: string): number {
  const earliest = timeMs(cj.status?.lastScheduleTime) ?? timeMs(cj.metadata?.creationTimestamp) ?? now;
  const r = mostRecentScheduleTime(cj, now, s, zone, false);
  const from = r.error !== undefined ? now : (r.mostRecent ?? earliest);
  const next = nextActivation(s, from, zone);
  if (next === undefined) return Number.POSITIVE_INFINITY;
  return next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** `getJobName`: the CronJob's name and the scheduled time in minutes since the epoch. */
export function jobName(cj: CronJob, scheduled: number): string {
  return `${cj.metadata?.name}-${Math.floor(scheduled / 60_000)}`;
}

/** RFC 3339 of an instant at the offset a zone has then (Go's Time.In(loc).Format(time.RFC3339)). */
export function rfc3339InZone(ms: number, zone: string): string {
  const f = wallFields(ms, zone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  const offsetMin = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const date = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
  if (offsetMin === 0) return `${date}Z`;
  return `${date}${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
}

/** `time.RFC1123Z`: `Mon, 02 Jan 2006 15:04:05 -0700`, in UTC. */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
