// Cron schedules as the CronJob controller reads them (robfig/cron v3's standard parser): five
// fields (minute hour day-of-month month day-of-week) with ranges, steps, lists and names, or a
// descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <dur>).
// Error messages are the parser's own, since upstream validation reports them verbatim.

export interface CronSchedule {
  /** Allowed values of each field as bit sets; the star bit marks a `*` (or `?`) field. */
  minute: bigint;
  hour: bigint;
  dom: bigint;
  month: bigint;
  dow: bigint;
  /** For `@every <duration>`: the period in seconds (at least one). */
  everySeconds?: number;
  /** For `TZ=...`/`CRON_TZ=...` prefixes (which CronJob validation rejects): the zone. */
  timeZone?: string;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

export const STAR_BIT = 1n << 63n;
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

class CronError extends Error {}

function bits(min: number, max: number, step: number): bigint {
  let out = 0n;
  for (let i = min; i <= max; i += step) out |= 1n << BigInt(i);
  return out;
}

const all = (b: Bounds): bigint => bits(b.min, b.max, 1) | STAR_BIT;

/** Go's strconv.Atoi, with its error text. */
function atoi(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) {
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  }
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) {
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`,
    );
  }
  return n;
}

function mustParseInt(expr: string): number {
  const n = atoi(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

function getRange(expr: string, b: Bounds): bigint {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let extra = 0n;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    extra = STAR_BIT;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, b.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (singleDigit) end = b.max;
    if (step > 1) extra = 0n;
  } else throw new CronError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  return bits(start, end, step) | extra;
}

function getField(field: string, b: Bounds): bigint {
  let out = 0n;
  for (const expr of field.split(',').filter((e) => e !== '')) out |= getRange(expr, b);
  return out;
}

const GO_DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go's time.ParseDuration, in seconds; throws with Go's message. */
function parseGoDuration(text: string): number {
  const fail = () => new CronError(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw fail();
  let total = 0;
  while (s !== '') {
    const m = /^([0-9]*(?:\.[0-9]*)?)([a-zµμ]+)/.exec(s);
    if (!m || m[1] === '' || m[1] === '.') throw fail();
    const unit = GO_DURATION_UNITS[m[2]!];
    if (unit === undefined)
      throw new CronError(`time: unknown unit ${JSON.stringify(m[2])} in duration ${JSON.stringify(text)}`);
    total += Number(m[1]) * unit;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

function descriptor(spec: string): CronSchedule {
  const at = (minute: bigint, hour: bigint, dom: bigint, month: bigint, dow: bigint): CronSchedule => ({
    minute,
    hour,
    dom,
    month,
    dow,
  });
  const first = (b: Bounds) => 1n << BigInt(b.min);
  switch (spec) {
    case '@yearly':
    case '@annually':
      return at(first(MINUTES), first(HOURS), first(DOM), first(MONTHS), all(DOW));
    case '@monthly':
      return at(first(MINUTES), first(HOURS), first(DOM), all(MONTHS), all(DOW));
    case '@weekly':
      return at(first(MINUTES), first(HOURS), all(DOM), all(MONTHS), first(DOW));
    case '@daily':
    case '@midnight':
      return at(first(MINUTES), first(HOURS), all(DOM), all(MONTHS), all(DOW));
    case '@hourly':
      return at(first(MINUTES), all(HOURS), all(DOM), all(MONTHS), all(DOW));
  }
  if (spec.startsWith('@every ')) {
    let seconds: number;
    try {
      seconds = parseGoDuration(spec.slice('@every '.length));
    } catch (e) {
      throw new CronError(`failed to parse duration ${spec}: ${(e as Error).message}`);
    }
    const schedule = at(all(MINUTES), all(HOURS), all(DOM), all(MONTHS), all(DOW));
    // Every rounds below one second up to one second, and drops sub-second parts.
    schedule.everySeconds = Math.max(1, Math.floor(seconds));
    return schedule;
  }
  throw new CronError(`unrecognized descriptor: ${spec}`);
}

export interface ParseResult {
  schedule?: CronSchedule;
  error?: string;
}

/** `cron.ParseStandard`: the schedule, or the parser's error message. */
export function parseCronSchedule(standardSpec: string): ParseResult {
  try {
    return { schedule: parse(standardSpec) };
  } catch (e) {
    if (e instanceof CronError) return { error: e.message };
    throw e;
  }
}

function isValidTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parse(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space === -1) throw new CronError(`invalid timezone specification: ${spec}`);
    const zone = spec.slice(spec.indexOf('=') + 1, space);
    if (!isValidTimeZone(zone))
      throw new CronError(`provided bad location ${zone}: unknown time zone ${zone}`);
    timeZone = zone;
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@')) return { ...descriptor(spec), ...(timeZone ? { timeZone } : {}) };
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const schedule: CronSchedule = {
    minute: getField(fields[0]!, MINUTES),
    hour: getField(fields[1]!, HOURS),
    dom: getField(fields[2]!, DOM),
    month: getField(fields[3]!, MONTHS),
    dow: getField(fields[4]!, DOW),
  };
  if (timeZone) schedule.timeZone = timeZone;
  return schedule;
}
