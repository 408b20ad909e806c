// Timestamps as the API writes them (RFC 3339, seconds precision), from a controller's clock.
import { formatTime, instantToMillis, parseTime } from '../../machinery/time.ts';

/** `2024-05-01T10:00:00Z` for a clock reading in ms. */
export function metaTime(ms: number): string {
  return formatTime(ms);
}

/** Milliseconds of an RFC 3339 timestamp (undefined when absent or malformed). */
export function millisOf(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  try {
    return instantToMillis(parseTime(t));
  } catch {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  }
}
