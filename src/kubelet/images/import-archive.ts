// Loads image archives (OCI image layout or `docker save` tars, optionally gzip/zstd
// compressed) into containerd's CRI namespace. The CRI has no import call, so this drives
// `ctr images import`, feeding it the archive on stdin so that progress can be counted.
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { CRI_NAMESPACE } from '../containerd/config.ts';

export interface ImportProgress {
  /** `reading` while the archive streams into containerd, `unpacking` while ctr unpacks layers. */
  phase: 'reading' | 'unpacking';
  /** Bytes of the archive read so far (compressed size when compressed). */
  bytes: number;
  /** Size of the archive, when known. */
  total: number | undefined;
}

export interface ImportOptions {
  /** containerd's gRPC socket. */
  socket: string;
  /** containerd namespace; the CRI's is `k8s.io`. */
  namespace?: string;
  /** The ctr binary (shipped with the containerd package). */
  ctr?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult {
  /** Names of the images that were imported, as containerd now knows them. */
  images: string[];
}

type Compression = 'none' | 'gzip' | 'zstd';

/** Compression from the first bytes (magic numbers), whatever the file is called. */
export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** Image names from ctr's output (`unpacking NAME (sha256:…)...done`). */
export function parseImportedNames(output: string): string[] {
  const names: string[] = [];
  for (const m of output.matchAll(/unpacking (\S+) \((sha256:[0-9a-f]+)\)/g)) names.push(m[1]!);
  return names;
}

function ctrBinary(options: ImportOptions): string {
  const ctr = options.ctr ?? '/usr/bin/ctr';
  if (!existsSync(ctr)) throw new Error(`${ctr} not found: it ships with the containerd package`);
  return ctr;
}

async function runCtrImport(
  source: Array<Readable | Transform>,
  options: ImportOptions,
  counted: () => number,
  total?: number,
): Promise<ImportResult> {
  const ctr = spawn(
    ctrBinary(options),
    ['-a', options.socket, '-n', options.namespace ?? CRI_NAMESPACE, 'images', 'import', '-'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  ctr.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (chunk.includes('unpacking')) options.onProgress?.({ phase: 'unpacking', bytes: counted(), total });
  });
  ctr.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve, reject) => {
    ctr.once('error', reject);
    ctr.once('close', (code) => resolve(code ?? -1));
  });
  // ctr may exit early on a bad archive: its stdin then breaks, and its stderr says why.
  const fed = (pipeline as unknown as (streams: unknown[]) => Promise<void>)([...source, ctr.stdin]).catch(
    (err: Error) => err,
  );
  const [code, feedError] = await Promise.all([exited, fed]);
  if (code !== 0) {
    const why = stderr.trim().split('\n').pop() || `exit code ${code}`;
    throw new Error(`ctr images import failed: ${why.replace(/^ctr: /, '')}`);
  }
  if (feedError) throw feedError;
  return { images: parseImportedNames(stdout) };
}

function countingStream(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
}

/** Imports one archive file; progress is reported as its bytes are read. */
export async function importImageArchive(file: string, options: ImportOptions): Promise<ImportResult> {
  const total = statSync(file).size;
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const compression = detectCompression(head);
  let bytes = 0;
  let lastReport = 0;
  const counter = countingStream((n) => {
    bytes += n;
    // A report per MiB is plenty for a progress bar.
    if (bytes - lastReport >= 1 << 20 || bytes === total) {
      lastReport = bytes;
      options.onProgress?.({ phase: 'reading', bytes, total });
    }
  });
  const source: Array<Readable | Transform> = [createReadStream(file), counter];
  if (compression === 'gzip') source.push(createGunzip());
  if (compression === 'zstd') source.push(createZstdDecompress());
  return runCtrImport(source, options, () => bytes, total);
}

/** Imports an archive held in memory (the images kts builds itself). */
export async function importImageBuffer(archive: Buffer, options: ImportOptions): Promise<ImportResult> {
  return runCtrImport([Readable.from([archive])], options, () => archive.length, archive.length);
}
