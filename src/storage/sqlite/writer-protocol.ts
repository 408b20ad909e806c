// Messages between the store (main thread) and its writer thread.

/** One log row: [rev, key, createRev, prevRev, deleted (0|1), expiresAt | null, value | null]. */
export type LogRow = [number, string, number, number, 0 | 1, number | null, Uint8Array | null];

export type ToWriter =
  /** Append rows (in revision order) and answer `committed` with the same seq once durable. */
  | { op: 'write'; seq: number; rows: LogRow[] }
  /** Record the compacted revision durably, answer `compacted`, then drop old rows in steps. */
  | { op: 'compact'; revision: number }
  /** After a `failed`: the store has resynchronised; accept writes again. */
  | { op: 'reset' }
  | { op: 'close' };

export type FromWriter =
  | { op: 'ready' }
  | { op: 'committed'; seq: number }
  /** Every write up to `seq` was rolled back; later writes are ignored until `reset`. */
  | { op: 'failed'; seq: number; message: string; code?: number }
  | { op: 'compacted'; revision: number }
  /** The physical clean-up for a compaction finished (tests wait for it). */
  | { op: 'compaction-done'; revision: number }
  | { op: 'fatal'; message: string }
  | { op: 'closed' };

export interface WriterData {
  file: string;
  port: MessagePort;
  /** Rows scanned per compaction step (each step is one short transaction). */
  compactionStepRows: number;
  /** PRAGMA max_page_count for the writer: a size quota (writes beyond it fail with SQLITE_FULL). */
  maxPageCount?: number;
}
