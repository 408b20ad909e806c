// Reads of the log on the main thread's own connection: the past (reads at a revision, watch
// replay) and the startup load. WAL lets these run while the writer thread commits; every row
// of a revision the store has acknowledged is visible to them.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyValue, WatchEvent } from '../store.ts';

/** A live key as loaded at startup. */
export interface LoadedEntry {
  key: string;
  createRevision: number;
  modRevision: number;
  expiresAt: number | null;
  value: Uint8Array;
}

/** A raw log row, for replaying the tail after a failed commit. */
export interface TailRow {
  rev: number;
  key: string;
  createRevision: number;
  deleted: boolean;
  expiresAt: number | null;
  value: Uint8Array | null;
}

type Row = unknown[];

/** Two variants of a statement: with and without an upper key bound. */
class Ranged {
  readonly bounded: StatementSync;
  readonly open: StatementSync;
  constructor(db: DatabaseSync, sql: string) {
    this.bounded = db.prepare(sql.replaceAll('{END}', 'AND l.key < :end'));
    this.open = db.prepare(sql.replaceAll('{END}', ''));
    for (const s of [this.bounded, this.open]) s.setReturnArrays(true);
  }
  all(end: string | undefined, params: Record<string, string | number>): Row[] {
    return end === undefined
      ? (this.open.all(params) as unknown as Row[])
      : (this.bounded.all({ ...params, end }) as unknown as Row[]);
  }
}

export class History {
  readonly #getAt: StatementSync;
  readonly #changedSince: Ranged;
  readonly #listAt: Ranged;
  readonly #events: Ranged;
  readonly #tail: StatementSync;
  readonly #loadCurrent: StatementSync;
  readonly #maxRev: StatementSync;
  readonly #meta: StatementSync;

  constructor(db: DatabaseSync) {
    this.#getAt = db.prepare(
      'SELECT rev, create_rev, deleted, value FROM log WHERE key = ? AND rev <= ? ORDER BY rev DESC LIMIT 1',
    );
    this.#getAt.setReturnArrays(true);
    this.#changedSince = new Ranged(
      db,
      'SELECT DISTINCT l.key FROM log AS l WHERE l.rev > :rev AND l.key >= :start {END}',
    );
    this.#listAt = new Ranged(
      db,
      `SELECT l.key, l.create_rev, l.rev, l.value FROM log AS l
       WHERE l.key >= :start {END} AND l.rev <= :rev AND l.deleted = 0
         AND NOT EXISTS (SELECT 1 FROM log AS n WHERE n.key = l.key AND n.rev > l.rev AND n.rev <= :rev)
       ORDER BY l.key LIMIT :limit`,
    );
    this.#events = new Ranged(
      db,
      `SELECT l.rev, l.key, l.create_rev, l.deleted, l.value, p.value FROM log AS l
       LEFT JOIN log AS p ON p.rev = l.prev_rev AND l.prev_rev > 0
       WHERE l.rev > :after AND l.rev <= :upto AND l.key >= :start {END}
       ORDER BY l.rev LIMIT :limit`,
    );
    this.#tail = db.prepare(
      'SELECT rev, key, create_rev, deleted, expires_at, value FROM log WHERE rev > ? ORDER BY rev',
    );
    this.#tail.setReturnArrays(true);
    this.#loadCurrent = db.prepare(
      `SELECT l.key, l.create_rev, l.rev, l.expires_at, l.value FROM log AS l
       WHERE l.deleted = 0 AND NOT EXISTS (SELECT 1 FROM log AS n WHERE n.key = l.key AND n.rev > l.rev)
       ORDER BY l.key`,
    );
    this.#loadCurrent.setReturnArrays(true);
    this.#maxRev = db.prepare('SELECT COALESCE(MAX(rev), 0) FROM log');
    this.#maxRev.setReturnArrays(true);
    this.#meta = db.prepare('SELECT value FROM meta WHERE name = ?');
    this.#meta.setReturnArrays(true);
  }

  maxRevision(): number {
    return Number((this.#maxRev.get() as unknown as Row)[0]);
  }

  meta(name: 'compact_rev' | 'compact_cursor'): number {
    return Number((this.#meta.get(name) as unknown as Row)[0]);
  }

  /** Live keys (newest row not a tombstone), in key order. */
  *loadCurrent(): Generator<LoadedEntry> {
    for (const r of this.#loadCurrent.iterate() as unknown as Iterable<Row>) {
      yield {
        key: r[0] as string,
        createRevision: Number(r[1]),
        modRevision: Number(r[2]),
        expiresAt: r[3] === null ? null : Number(r[3]),
        value: r[4] as Uint8Array,
      };
    }
  }

  /** The key as it was at `revision` (undefined when absent then). */
  getAt(key: string, revision: number): KeyValue | undefined {
    const r = this.#getAt.get(key, revision) as unknown as Row | undefined;
    if (!r || r[2] === 1) return undefined;
    return { key, value: r[3] as Uint8Array, createRevision: Number(r[1]), modRevision: Number(r[0]) };
  }

  /** Keys in [start, end) written after `revision`, in no particular order. */
  changedSince(revision: number, start: string, end: string | undefined): string[] {
    return this.#changedSince.all(end, { rev: revision, start }).map((r) => r[0] as string);
  }

  /** Up to `limit` keys in [start, end) as they were at `revision`, in key order. */
  listAt(start: string, end: string | undefined, revision: number, limit: number): KeyValue[] {
    return this.#listAt.all(end, { start, rev: revision, limit }).map((r) => ({
      key: r[0] as string,
      value: r[3] as Uint8Array,
      createRevision: Number(r[1]),
      modRevision: Number(r[2]),
    }));
  }

  /** Events in (after, upTo] for keys in [start, end), in revision order, at most `limit`. */
  events(after: number, upTo: number, start: string, end: string | undefined, limit: number): WatchEvent[] {
    return this.#events.all(end, { after, upto: upTo, start, limit }).map((r) => {
      const revision = Number(r[0]);
      const createRevision = Number(r[2]);
      const prevValue = (r[5] ?? undefined) as Uint8Array | undefined;
      if (r[3] === 1) {
        return {
          type: 'DELETED',
          key: r[1] as string,
          revision,
          value: prevValue!,
          prevValue,
          createRevision,
        };
      }
      const value = r[4] as Uint8Array;
      if (createRevision === revision)
        return { type: 'ADDED', key: r[1] as string, revision, value, createRevision };
      return { type: 'MODIFIED', key: r[1] as string, revision, value, prevValue, createRevision };
    });
  }

  /** Every row after `revision`, in order. */
  tail(revision: number): TailRow[] {
    return (this.#tail.all(revision) as unknown as Row[]).map((r) => ({
      rev: Number(r[0]),
      key: r[1] as string,
      createRevision: Number(r[2]),
      deleted: r[3] === 1,
      expiresAt: r[4] === null ? null : Number(r[4]),
      value: r[5] as Uint8Array | null,
    }));
  }
}
