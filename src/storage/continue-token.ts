// Continue tokens for paged lists, shaped like the Kubernetes API server's own: base64url of
// {"v":"meta.k8s.io/v1","rv":<list revision>,"start":<next key, relative to the listed prefix>}.
// The revision pins every page to one snapshot; the start key is relative so that a token says
// nothing about where the data lives.
import { InvalidContinueError } from './store.ts';

const VERSION = 'meta.k8s.io/v1';

export interface ContinuePoint {
  /** The revision the whole list is read at. */
  revision: number;
  /** The first key of the next page (absolute). */
  startKey: string;
}

/** Token for the page after `lastKey` (the last key returned), within `prefix`. */
export function encodeContinue(prefix: string, lastKey: string, revision: number): string {
  // The next page starts strictly after lastKey: the smallest key greater than it is lastKey + "\0".
  const start = `${lastKey.slice(prefix.length)}\u0000`;
  return Buffer.from(JSON.stringify({ v: VERSION, rv: revision, start })).toString('base64url');
}

export function decodeContinue(prefix: string, token: string): ContinuePoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueError('continue token is not valid: not base64-encoded JSON');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new InvalidContinueError('continue token is not valid');
  const { v, rv, start } = parsed as Record<string, unknown>;
  if (v !== VERSION)
    throw new InvalidContinueError(`continue token version ${JSON.stringify(v)} is not supported`);
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw new InvalidContinueError('continue token has no valid resource version');
  }
  if (typeof start !== 'string' || start.length === 0)
    throw new InvalidContinueError('continue token has no start key');
  return { revision: rv, startKey: prefix + start };
}
