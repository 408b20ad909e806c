// A minimal writer for POSIX ustar archives: regular files, directories and symbolic links,
// enough to build image layers and OCI image-layout archives. Output is deterministic (fixed
// owner and mtime, entries in the order given) so that the same input yields the same digests.

const BLOCK = 512;

export interface TarEntryBase {
  /** Path inside the archive, without a leading slash; directories may end with '/'. */
  path: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export type TarEntry =
  | (TarEntryBase & { type: 'file'; data: Uint8Array })
  | (TarEntryBase & { type: 'directory' })
  | (TarEntryBase & { type: 'symlink'; target: string });

/** Seconds since the epoch written for every entry: archives do not change with the clock. */
const FIXED_MTIME = 0;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: ${JSON.stringify(value)} is longer than ${length} bytes`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  // length-1 octal digits followed by a NUL, as ustar expects.
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar: value ${value} does not fit in ${length} bytes`);
  writeString(header, offset, length, `${digits.padStart(length - 1, '0')}\0`);
}

/** ustar keeps names up to 100 bytes, or 255 when split at a '/' into prefix (155) and name (100). */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '')
      return { name, prefix };
  }
  throw new Error(`tar: path too long for ustar: ${path}`);
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const path = entry.type === 'directory' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
  const { name, prefix } = splitName(path);
  const defaultMode = entry.type === 'directory' ? 0o755 : entry.type === 'symlink' ? 0o777 : 0o644;
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, entry.mode ?? defaultMode);
  writeOctal(h, 108, 8, entry.uid ?? 0);
  writeOctal(h, 116, 8, entry.gid ?? 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, FIXED_MTIME);
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h[156] = (entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2').charCodeAt(0);
  if (entry.type === 'symlink') writeString(h, 157, 100, entry.target);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 265, 32, 'root');
  writeString(h, 297, 32, 'root');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** The whole archive: headers, contents padded to 512 bytes, and the two zero blocks at the end. */
export function createTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data =
      entry.type === 'file'
        ? Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength)
        : undefined;
    parts.push(header(entry, data?.length ?? 0));
    if (data) {
      parts.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

export interface TarListing {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mode: number;
  /** Link target for symlinks. */
  target: string;
  /** File contents (regular files only). */
  data: Buffer;
}

function readString(buf: Buffer, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? length : nul).toString('utf8');
}

/** Reads a ustar archive held in memory (used by tests and to inspect small archives). */
export function readTar(archive: Buffer): TarListing[] {
  const out: TarListing[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const h = archive.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = Number.parseInt(readString(h, 124, 12).trim() || '0', 8);
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const flag = String.fromCharCode(h[156]!);
    const type =
      flag === '0' || flag === '\0'
        ? 'file'
        : flag === '5'
          ? 'directory'
          : flag === '2'
            ? 'symlink'
            : 'other';
    const start = offset + BLOCK;
    out.push({
      path: prefix ? `${prefix}/${name}` : name,
      type,
      size,
      mode: Number.parseInt(readString(h, 100, 8).trim() || '0', 8),
      target: readString(h, 157, 100),
      data: archive.subarray(start, start + size),
    });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
