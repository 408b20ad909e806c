// How Go writes the time types of meta/v1 in JSON: Time at second precision in RFC 3339 (UTC),
// MicroTime with six fractional digits, Duration as time.Duration.String() (`1h2m3.5s`).

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function dateTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** metav1.Time: `2024-05-01T12:00:00Z` (fractions are dropped, as upstream's protobuf decoding drops them). */
export function formatTime(seconds: number): string {
  return `${dateTime(seconds)}Z`;
}

/** metav1.MicroTime: `2024-05-01T12:00:00.123456Z`. */
export function formatMicroTime(seconds: number, nanos: number): string {
  return `${dateTime(seconds)}.${pad(Math.floor(nanos / 1000), 6)}Z`;
}

/** Go's time.Duration.String() of a count of nanoseconds. */
export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  let n = Math.abs(nanos);
  const fraction = (value: number, unit: number): string => {
    const whole = Math.floor(value / unit);
    const rest = value % unit;
    if (rest === 0) return String(whole);
    return `${whole}.${String(rest)
      .padStart(String(unit).length - 1, '0')
      .replace(/0+$/, '')}`;
  };
  if (n < 1e3) return `${sign}${n}ns`;
  if (n < 1e6) return `${sign}${fraction(n, 1e3)}µs`;
  if (n < 1e9) return `${sign}${fraction(n, 1e6)}ms`;
  let out = '';
  const hours = Math.floor(n / 3.6e12);
  n -= hours * 3.6e12;
  const minutes = Math.floor(n / 6e10);
  n -= minutes * 6e10;
  if (hours > 0) out += `${hours}h`;
  if (hours > 0 || minutes > 0) out += `${minutes}m`;
  return `${sign}${out}${fraction(n, 1e9)}s`;
}
