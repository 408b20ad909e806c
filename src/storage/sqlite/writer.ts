// The main thread's handle on the writer thread (writer-worker.ts).
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { FromWriter, RowBatch, ToWriter, WriterData } from './writer-protocol.ts';

export interface WriterEvents {
  /** Every write message up to `seq` is durable. */
  committed(seq: number): void;
  /** Every write message up to `seq` was rolled back; the writer ignores writes until reset(). */
  failed(seq: number, error: Error): void;
  /** The writer cannot go on (its thread died or background work failed). */
  fatal(error: Error): void;
  /** Compaction to `revision` finished its clean-up. */
  compactionDone(revision: number): void;
}

export class Writer {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #events: WriterEvents;
  #compactWaiters: { revision: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  #closed: Promise<void> | undefined;
  #exited = false;
  #resolveClosed: (() => void) | undefined;
  #ready: Promise<void>;
  #started = false;
  #lastSentSeq = 0;
  #lastDoneSeq = 0;

  constructor(file: string, events: WriterEvents, compactionStepRows = 1000, maxPageCount?: number) {
    this.#events = events;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    const data: WriterData = {
      file,
      port: port2 as unknown as WriterData['port'],
      compactionStepRows,
      maxPageCount,
    };
    this.#worker = new Worker(new URL('./writer-worker.ts', import.meta.url), {
      workerData: data,
      transferList: [port2],
    });
    this.#worker.unref();
    let resolveReady!: () => void;
    let rejectReady!: (error: Error) => void;
    this.#ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.#worker.on('error', (error: Error) => {
      rejectReady(error);
      this.#events.fatal(error);
    });
    this.#worker.on('exit', () => {
      this.#exited = true;
      this.#resolveClosed?.();
      const waiters = this.#compactWaiters;
      this.#compactWaiters = [];
      for (const w of waiters) w.reject(new Error('the writer thread exited'));
    });
    this.#port.on('message', (message: FromWriter) => {
      switch (message.op) {
        case 'ready':
          this.#started = true;
          this.#updateRef();
          resolveReady();
          return;
        case 'committed':
          this.#lastDoneSeq = message.seq;
          this.#updateRef();
          this.#events.committed(message.seq);
          return;
        case 'failed':
          this.#lastDoneSeq = message.seq;
          this.#updateRef();
          this.#events.failed(
            message.seq,
            Object.assign(new Error(message.message), { errcode: message.code }),
          );
          return;
        case 'compacted': {
          const done = this.#compactWaiters.filter((w) => w.revision <= message.revision);
          this.#compactWaiters = this.#compactWaiters.filter((w) => w.revision > message.revision);
          for (const w of done) w.resolve();
          this.#updateRef();
          return;
        }
        case 'compaction-done':
          this.#events.compactionDone(message.revision);
          return;
        case 'fatal':
          this.#events.fatal(new Error(message.message));
          return;
        case 'closed':
          this.#resolveClosed?.();
          return;
      }
    });
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  write(seq: number, rows: RowBatch): void {
    this.#lastSentSeq = seq;
    this.#port.postMessage({ op: 'write', seq, rows } satisfies ToWriter, [rows.values]);
    this.#updateRef();
  }

  /** Messages pending from the writer keep the process alive; an idle store does not. */
  #updateRef(): void {
    const busy =
      !this.#started ||
      this.#lastSentSeq > this.#lastDoneSeq ||
      this.#compactWaiters.length > 0 ||
      this.#closed;
    if (busy) this.#port.ref();
    else this.#port.unref();
  }

  /** After failed(): every write sent so far was dropped; later ones are accepted again. */
  reset(): void {
    this.#lastDoneSeq = this.#lastSentSeq;
    this.#post({ op: 'reset' });
  }

  /** Resolves once the compacted revision is durable (rows are dropped afterwards, in steps). */
  compact(revision: number): Promise<void> {
    if (this.#exited) return Promise.reject(new Error('the writer thread exited'));
    return new Promise((resolve, reject) => {
      this.#compactWaiters.push({ revision, resolve, reject });
      this.#post({ op: 'compact', revision });
    });
  }

  /** Closes the connection after every message sent so far was handled. */
  close(): Promise<void> {
    if (!this.#closed && this.#exited) this.#closed = Promise.resolve();
    if (!this.#closed) {
      this.#closed = new Promise<void>((resolve) => {
        this.#resolveClosed = resolve;
      }).then(async () => {
        await this.#worker.terminate();
      });
      this.#post({ op: 'close' });
    }
    return this.#closed;
  }

  #post(message: ToWriter): void {
    this.#port.postMessage(message);
    this.#updateRef();
  }
}
