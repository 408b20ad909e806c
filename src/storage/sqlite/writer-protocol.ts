// Messages between the store (main thread) and its writer thread.

/**
 * Log rows in columns, so that one message carries a batch with a single transferred buffer
 * for all values (cloning each value would copy the whole buffer it is a view of).
 */
export interface RowBatch {
  keys: string[];
  /** Per row: rev, createRev, prevRev, deleted (0|1), expiresAt (NaN for none). */
  numbers: Float64Array;
  /** Every value, end to end; a tombstone has none. */
  values: ArrayBuffer;
  /** Per row: where its value ends in `values` (it starts where the previous one ended). */
  valueEnds: Uint32Array;
}

export const NUMBERS_PER_ROW = 5;

export type ToWriter =
  /** Append rows (in revision order) and answer `committed` with the same seq once durable. */
  | { op: 'write'; seq: number; rows: RowBatch }
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
