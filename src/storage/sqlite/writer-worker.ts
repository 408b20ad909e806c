// The writer thread: the only connection that writes to the database. Runs in a worker so that
// fsync never blocks the main thread; while one commit is being synced, the store keeps
// accepting writes, which then arrive here together and share the next transaction (group commit).
// Between write groups it runs the background work in small steps: compaction (a thousand rows
// per transaction), incremental vacuum and WAL checkpoints, so writers wait at most one step.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { configureConnection, isBusy, type SqliteErrorLike } from './schema.ts';
import {
  type FromWriter,
  NUMBERS_PER_ROW,
  type RowBatch,
  type ToWriter,
  type WriterData,
} from './writer-protocol.ts';

const { file, port, compactionStepRows, maxPageCount } = workerData as WriterData & { port: MessagePort };
const MAX_GROUP_ROWS = 8192;
const CHECKPOINT_EVERY_MS = 30_000;

const db = new DatabaseSync(file);
configureConnection(db);
if (maxPageCount !== undefined) db.exec(`PRAGMA max_page_count = ${Math.floor(maxPageCount)}`);
const insert = db.prepare(
  'INSERT INTO log (rev, key, create_rev, prev_rev, deleted, expires_at, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
const setMeta = db.prepare('UPDATE meta SET value = ? WHERE name = ?');
const getMeta = db.prepare('SELECT value FROM meta WHERE name = ?');
const stepEnd = db.prepare('SELECT rev FROM log WHERE rev >= ? AND rev < ? ORDER BY rev LIMIT 1 OFFSET ?');
// A row below the compacted revision C goes when a newer row of its key below C exists (the
// newest row below C stays: it is the state at C-1 and the prevValue of the events from C on),
// or when it is a tombstone (nothing at or after C-1 needs a deleted key's past).
// Compaction walks the log in revision order with a cursor; below the cursor only such newest
// rows survive, and one of them becomes droppable when a row in the step names it as its
// predecessor (prev_rev), so earlier survivors never need a rescan.
const dropRows: StatementSync = db.prepare(
  `DELETE FROM log WHERE rev >= ?1 AND rev < ?2 AND (deleted = 1 OR EXISTS (
     SELECT 1 FROM log AS n WHERE n.key = log.key AND n.rev > log.rev AND n.rev < ?3))`,
);
const dropSurvivors: StatementSync = db.prepare(
  'DELETE FROM log WHERE rev IN (SELECT prev_rev FROM log WHERE rev >= ?1 AND rev < ?2 AND prev_rev > 0 AND prev_rev < ?1)',
);

const queue: ToWriter[] = [];
let discarding = false;
let compactTo = Number(readMeta('compact_rev'));
let compactCursor = Number(readMeta('compact_cursor'));
let lastCheckpoint = Date.now();
let dirtySinceCheckpoint = false;
let scheduled = false;
let closing = false;

function readMeta(name: string): number {
  return Number((getMeta.get(name) as { value: number }).value);
}

function send(message: FromWriter): void {
  port.postMessage(message);
}

function schedule(): void {
  if (scheduled || closing) return;
  scheduled = true;
  setImmediate(pump);
}

function drain(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port))
    queue.push(m.message as ToWriter);
}

function pump(): void {
  scheduled = false;
  drain();
  while (queue.length > 0 && !closing) {
    const first = queue[0]!;
    if (first.op === 'write') writeGroup();
    else handleControl(queue.shift()!);
    drain();
  }
  if (closing) return;
  if (backgroundStep()) schedule();
}

/** Commits every queued write (up to a bound) in one transaction. */
function writeGroup(): void {
  let rows = 0;
  let lastSeq = 0;
  const group: Extract<ToWriter, { op: 'write' }>[] = [];
  while (queue.length > 0 && queue[0]!.op === 'write' && rows < MAX_GROUP_ROWS) {
    const message = queue.shift() as Extract<ToWriter, { op: 'write' }>;
    group.push(message);
    rows += message.rows.keys.length;
    lastSeq = message.seq;
  }
  if (discarding) return;
  try {
    db.exec('BEGIN IMMEDIATE');
    for (const message of group) insertRows(message.rows);
    db.exec('COMMIT');
    dirtySinceCheckpoint = true;
    send({ op: 'committed', seq: lastSeq });
  } catch (error) {
    if (db.isTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // The transaction is already gone (SQLite rolls back on some errors by itself).
      }
    }
    discarding = true;
    const e = error as SqliteErrorLike;
    send({ op: 'failed', seq: lastSeq, message: e.message, code: e.errcode });
  }
}

function insertRows(batch: RowBatch): void {
  const { keys, numbers, valueEnds } = batch;
  const values = new Uint8Array(batch.values);
  let start = 0;
  for (let i = 0; i < keys.length; i++) {
    const n = i * NUMBERS_PER_ROW;
    const end = valueEnds[i]!;
    const deleted = numbers[n + 3]!;
    const expiresAt = numbers[n + 4]!;
    insert.run(
      numbers[n]!,
      keys[i]!,
      numbers[n + 1]!,
      numbers[n + 2]!,
      deleted,
      Number.isNaN(expiresAt) ? null : expiresAt,
      deleted === 1 ? null : values.subarray(start, end),
    );
    start = end;
  }
}

function handleControl(message: ToWriter): void {
  switch (message.op) {
    case 'reset':
      discarding = false;
      return;
    case 'compact':
      if (message.revision > compactTo) {
        setMeta.run(message.revision, 'compact_rev');
        compactTo = message.revision;
      }
      send({ op: 'compacted', revision: compactTo });
      return;
    case 'close':
      closing = true;
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // Best effort: the next open replays the WAL anyway.
      }
      db.close();
      send({ op: 'closed' });
      port.close();
      return;
    case 'write':
      return;
  }
}

/** One bounded piece of background work; true when more remains. */
function backgroundStep(): boolean {
  try {
    if (compactCursor < compactTo) {
      compactStep();
      return true;
    }
    if (vacuumStep()) return true;
    if (dirtySinceCheckpoint && Date.now() - lastCheckpoint > CHECKPOINT_EVERY_MS) checkpoint();
  } catch (error) {
    if (!isBusy(error)) send({ op: 'fatal', message: `background work failed: ${(error as Error).message}` });
  }
  return false;
}

function compactStep(): void {
  const end = stepEnd.get(compactCursor, compactTo, compactionStepRows) as { rev: number } | undefined;
  const to = end ? Number(end.rev) : compactTo;
  db.exec('BEGIN IMMEDIATE');
  try {
    dropSurvivors.run(compactCursor, to);
    dropRows.run(compactCursor, to, compactTo);
    setMeta.run(to, 'compact_cursor');
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  compactCursor = to;
  if (compactCursor >= compactTo) {
    checkpoint();
    send({ op: 'compaction-done', revision: compactTo });
  }
}

const freelist = db.prepare('PRAGMA freelist_count');
const pageCount = db.prepare('PRAGMA page_count');

/**
 * Gives free pages back to the file system a few at a time once half of the file is free (after
 * a burst); below that, free pages are kept for reuse, so steady churn does not shrink and regrow
 * the file.
 */
function vacuumStep(): boolean {
  const free = Number((freelist.get() as { freelist_count: number }).freelist_count);
  if (free < 2048) return false;
  const pages = Number((pageCount.get() as { page_count: number }).page_count);
  if (free * 2 < pages) return false;
  db.exec('PRAGMA incremental_vacuum(256)');
  return true;
}

function checkpoint(): void {
  lastCheckpoint = Date.now();
  dirtySinceCheckpoint = false;
  // PASSIVE never waits for readers (a snapshot may hold one for a long time); once the WAL has
  // been copied back, the next commit starts it over and journal_size_limit truncates the file.
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}

port.on('message', (message: ToWriter) => {
  queue.push(message);
  // Straight away: a turn of the event loop is latency every write would pay.
  if (!scheduled) pump();
});
// Idle checkpoints: the timer only wakes the pump, which checks whether one is due.
setInterval(schedule, CHECKPOINT_EVERY_MS).unref();
send({ op: 'ready' });
