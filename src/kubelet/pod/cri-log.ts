// Container log files in the CRI format (`<RFC3339Nano time> <stdout|stderr> <P|F> <text>`),
// turned into what `kubectl logs` prints, as upstream's kuberuntime/logs does: partial lines
// (`P`) joined with what follows, --timestamps prefixing each logical line, --since-time,
// --tail (counted on the file's lines, as upstream does) and --limit-bytes.

export type LogStream = 'stdout' | 'stderr';

export interface CriLogLine {
  /** The timestamp as written (RFC 3339 with up to nanoseconds). */
  timestamp: string;
  /** Nanoseconds since the epoch. */
  timeNs: bigint;
  stream: LogStream;
  /** The line continues in the next entry (tag `P`). */
  partial: boolean;
  /** The text, with its newline unless partial. */
  content: Buffer;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 (with up to 9 fractional digits) → nanoseconds since the epoch. */
export function parseTimeNs(text: string): bigint {
  const m = RFC3339.exec(text);
  if (!m) throw new Error(`unexpected timestamp format "${text}"`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) throw new Error(`unexpected timestamp format "${text}"`);
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** parseCRILog: one line of the file (with or without its trailing newline). */
export function parseCriLogLine(line: Buffer): CriLogLine {
  const sp1 = line.indexOf(0x20);
  if (sp1 < 0) throw new Error('timestamp is not found');
  const timestamp = line.subarray(0, sp1).toString('latin1');
  const timeNs = parseTimeNs(timestamp);
  const sp2 = line.indexOf(0x20, sp1 + 1);
  if (sp2 < 0) throw new Error('stream type is not found');
  const stream = line.subarray(sp1 + 1, sp2).toString('latin1');
  if (stream !== 'stdout' && stream !== 'stderr') throw new Error(`unexpected stream type "${stream}"`);
  const sp3 = line.indexOf(0x20, sp2 + 1);
  if (sp3 < 0) throw new Error('log tag is not found');
  // Tags are ':'-separated for forward compatibility; the first says partial or full.
  const partial =
    line
      .subarray(sp2 + 1, sp3)
      .toString('latin1')
      .split(':')[0] === 'P';
  let content = line.subarray(sp3 + 1);
  if (partial && content.at(-1) === 0x0a) content = content.subarray(0, -1);
  else if (!partial && content.at(-1) !== 0x0a) content = Buffer.concat([content, Buffer.from('\n')]);
  return { timestamp, timeNs, stream, partial, content };
}

export interface LogOptions {
  /** Only lines at or after this time (nanoseconds since the epoch). */
  sinceNs?: bigint;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
  /** Only this stream (default both). */
  stream?: LogStream;
}

/** Byte offset where the last `n` lines of `data` begin (findTailLineStartIndex). */
export function tailStart(data: Buffer, n: number): number {
  if (n < 0) return 0;
  let end = data.length;
  // A trailing newline ends the last line rather than starting an empty one.
  if (end > 0 && data[end - 1] === 0x0a) end--;
  let count = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (data[i] === 0x0a) {
      count++;
      if (count === n) return i + 1;
    }
  }
  return n === 0 ? data.length : 0;
}

/**
 * A stateful reader: feed it the file's bytes in chunks (for `--follow`), get back the output to
 * write. Incomplete trailing lines wait for the next chunk; malformed lines are skipped.
 */
export class CriLogFormatter {
  private pending = Buffer.alloc(0);
  /** Whether the next content starts a new logical line (after a full line). */
  private atLineStart = new Map<LogStream, boolean>();
  private remaining: number;
  private readonly options: LogOptions;

  constructor(options: LogOptions = {}) {
    this.options = options;
    this.remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  /** True once --limit-bytes is reached: the caller may stop reading. */
  get done(): boolean {
    return this.remaining <= 0;
  }

  /** Output for this chunk, per stream in order of appearance. */
  push(chunk: Buffer): { stream: LogStream; data: Buffer }[] {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: { stream: LogStream; data: Buffer }[] = [];
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
      const piece = this.line(data.subarray(start, nl + 1));
      if (piece) out.push(piece);
      start = nl + 1;
      if (this.done) break;
    }
    this.pending = Buffer.from(data.subarray(start));
    return out;
  }

  private line(raw: Buffer): { stream: LogStream; data: Buffer } | undefined {
    if (this.done) return undefined;
    let entry: CriLogLine;
    try {
      entry = parseCriLogLine(raw);
    } catch {
      return undefined;
    }
    if (this.options.stream && entry.stream !== this.options.stream) return undefined;
    if (this.options.sinceNs !== undefined && entry.timeNs < this.options.sinceNs) return undefined;
    const lineStart = this.atLineStart.get(entry.stream) ?? true;
    this.atLineStart.set(entry.stream, !entry.partial);
    let data = entry.content;
    if (this.options.timestamps && lineStart)
      data = Buffer.concat([Buffer.from(`${formatTimestamp(entry.timeNs)} `), data]);
    if (data.length > this.remaining) data = data.subarray(0, this.remaining);
    this.remaining -= data.length;
    return { stream: entry.stream, data };
  }
}

/** RFC3339Nano as Go prints it: UTC, trailing zeros of the fraction dropped. */
export function formatTimestamp(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${fraction ? `.${fraction}` : ''}Z`;
}

/** A whole log file's output for `kubectl logs` (tail applied first), streams interleaved. */
export function formatCriLog(file: Buffer, options: LogOptions & { tailLines?: number } = {}): Buffer {
  const from = options.tailLines === undefined ? 0 : tailStart(file, options.tailLines);
  const formatter = new CriLogFormatter(options);
  const parts = formatter.push(file.subarray(from));
  // A last line without its newline is still a line of the file.
  const rest = formatter.push(Buffer.from('\n'));
  return Buffer.concat([...parts, ...rest].map((p) => p.data));
}
