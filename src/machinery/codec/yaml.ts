// YAML request bodies (`application/yaml`, `application/apply-patch+yaml`), decoded as upstream's
// sigs.k8s.io/yaml does: YAML 1.1 scalars (yes/no/on/off are booleans, 0755 is octal), the first
// document only, timestamps and `a:b` sexagesimals kept as strings, and — in strict mode —
// duplicate keys reported as go-yaml words them: `line 3: key "a" already set in map`.
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

export interface YamlDecodeOptions {
  /** Also find duplicate keys (fieldValidation Strict and Warn). */
  strict?: boolean;
}

export interface YamlDecodeResult {
  value: unknown;
  /** go-yaml's lines for duplicate keys, `line 7: key "name" already set in map`, in document order. */
  duplicateKeys: string[];
}

export class YamlSyntaxError extends Error {
  override name = 'YamlSyntaxError';
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

const decoder = new TextDecoder();

/** Tags go-yaml v2 does not resolve into typed values (it leaves these scalars as strings). */
function keepsAsString(tag: { tag: string; format?: string }): boolean {
  return (
    tag.format === 'TIME' ||
    tag.tag === 'tag:yaml.org,2002:timestamp' ||
    tag.tag === 'tag:yaml.org,2002:binary' ||
    tag.tag === 'tag:yaml.org,2002:omap' ||
    tag.tag === 'tag:yaml.org,2002:pairs' ||
    tag.tag === 'tag:yaml.org,2002:set'
  );
}

function keyText(key: unknown): string {
  if (isScalar(key)) return typeof key.value === 'string' ? JSON.stringify(key.value) : String(key.value);
  return String(key);
}

function keyIdentity(key: unknown): string {
  if (isScalar(key)) return `${typeof key.value}:${String(key.value)}`;
  return `node:${String(key)}`;
}

function findDuplicateKeys(node: unknown, lines: LineCounter, out: string[]): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const id = keyIdentity(pair.key);
      if (seen.has(id)) {
        const start = (pair.key as Node | null)?.range?.[0] ?? 0;
        out.push(`line ${lines.linePos(start).line}: key ${keyText(pair.key)} already set in map`);
      } else {
        seen.add(id);
      }
      findDuplicateKeys(pair.value, lines, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) findDuplicateKeys(item, lines, out);
  }
}

/** Converts values JSON cannot hold, as sigs.k8s.io/yaml's conversion would refuse them. */
function checkJsonable(value: unknown): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new YamlSyntaxError(
      `json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`,
      0,
    );
  }
  if (Array.isArray(value)) value.forEach(checkJsonable);
  else if (value && typeof value === 'object') Object.values(value).forEach(checkJsonable);
}

/** Decodes a YAML body into plain JSON values. Throws YamlSyntaxError for malformed input. */
export function decodeYaml(input: Uint8Array | string, options: YamlDecodeOptions = {}): YamlDecodeResult {
  const text = typeof input === 'string' ? input : decoder.decode(input);
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.1',
    schema: 'yaml-1.1',
    customTags: (tags) => tags.filter((tag) => !keepsAsString(tag as { tag: string; format?: string })),
    uniqueKeys: false,
    merge: true,
    lineCounter: lines,
    prettyErrors: false,
  });
  const docs = Array.isArray(documents) ? documents : [];
  const doc = docs[0];
  if (!doc) return { value: null, duplicateKeys: [] };
  const error = doc.errors[0];
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    throw new YamlSyntaxError(
      `yaml: line ${line}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      line,
    );
  }
  const duplicateKeys: string[] = [];
  if (options.strict) findDuplicateKeys(doc.contents, lines, duplicateKeys);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new YamlSyntaxError(`yaml: ${(e as Error).message}`, 0);
  }
  checkJsonable(value);
  return { value: value === undefined ? null : value, duplicateKeys };
}
