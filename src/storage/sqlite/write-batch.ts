// Writes on their way to the disk: the operations of one batch, the rows the writer thread
// stores for them and the watch events they publish once durable.
import type { KeyValue, WatchEvent, WatchEventType, WriteOptions } from '../store.ts';
import type { Entry } from './live-keys.ts';
import { NUMBERS_PER_ROW, type RowBatch } from './writer-protocol.ts';

/** A not-yet-durable write's effect on a key (entry null: deleted). */
export interface Slot {
  entry: Entry | null;
}

export interface Op {
  key: string;
  revision: number;
  type: WatchEventType;
  entry: Entry | null;
  prev: Entry | null;
  slot: Slot;
  result: KeyValue;
  resolve(kv: KeyValue): void;
  reject(error: Error): void;
}

export interface Deferred {
  error: Error;
  reject(error: Error): void;
}

export interface Batch {
  seq: number;
  ops: Op[];
  /** Rejections waiting for this batch (they lost against one of its writes). */
  after: Deferred[];
}

export function newBatch(): Batch {
  return { seq: 0, ops: [], after: [] };
}

/** The batch's log rows, values packed into one buffer (see RowBatch). */
export function toRows(ops: readonly Op[]): RowBatch {
  const keys: string[] = new Array(ops.length);
  const numbers = new Float64Array(ops.length * NUMBERS_PER_ROW);
  const valueEnds = new Uint32Array(ops.length);
  let size = 0;
  for (const op of ops) if (op.entry) size += op.entry.value.byteLength;
  const values = new Uint8Array(size);
  let end = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const n = i * NUMBERS_PER_ROW;
    keys[i] = op.key;
    numbers[n] = op.revision;
    if (op.entry) {
      numbers[n + 1] = op.entry.createRevision;
      numbers[n + 2] = op.prev ? op.prev.modRevision : 0;
      numbers[n + 3] = 0;
      numbers[n + 4] = op.entry.expiresAt ?? Number.NaN;
      values.set(op.entry.value, end);
      end += op.entry.value.byteLength;
    } else {
      numbers[n + 1] = op.prev!.createRevision;
      numbers[n + 2] = op.prev!.modRevision;
      numbers[n + 3] = 1;
      numbers[n + 4] = Number.NaN;
    }
    valueEnds[i] = end;
  }
  return { keys, numbers, values: values.buffer, valueEnds };
}

export function deadline(options: WriteOptions | undefined): number | null {
  return options?.ttlSeconds === undefined ? null : Date.now() + options.ttlSeconds * 1000;
}

export function toEvent(op: Pick<Op, 'key' | 'revision' | 'type' | 'entry' | 'prev'>): WatchEvent {
  if (op.type === 'DELETED') {
    const prev = op.prev!;
    return {
      type: 'DELETED',
      key: op.key,
      revision: op.revision,
      value: prev.value,
      prevValue: prev.value,
      createRevision: prev.createRevision,
    };
  }
  const entry = op.entry!;
  const event: WatchEvent = {
    type: op.type,
    key: op.key,
    revision: op.revision,
    value: entry.value,
    createRevision: entry.createRevision,
  };
  if (op.prev) event.prevValue = op.prev.value;
  return event;
}
