// Kubernetes' JSONPath templates (k8s.io/client-go/util/jsonpath), as CRD additionalPrinterColumns
// and `kubectl -o jsonpath` use them: `{.spec.replicas}`, `{.metadata.labels.app}`,
// `{.status.conditions[?(@.type=="Ready")].status}`, `{.items[*].metadata.name}`, `[0]`, `[-1:]`,
// `..name`, unions `['a','b']`, and `{range .items[*]}...{end}`. Parse and evaluation errors carry
// upstream's texts. The server evaluates printer columns for every row of a CRD table.

import { goFloat, goJSONMarshal, goTypeName, goV } from './go-format.ts';
import type { FieldError } from './status.ts';

export class JSONPathError extends Error {
  override name = 'JSONPathError';
}

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; op: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; lists: ListNode[] }
  | { type: 'identifier'; name: string };

type ListNode = { type: 'list'; nodes: Node[] };

const newList = (): ListNode => ({ type: 'list', nodes: [] });

const isSpace = (c: string) => c === ' ' || c === '\t';
const isEndOfLine = (c: string) => c === '\r' || c === '\n';
const isAlphaNumeric = (c: string) => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
function isTerminator(c: string | undefined): boolean {
  if (c === undefined) return true;
  return isSpace(c) || isEndOfLine(c) || '.,[]$@{}'.includes(c);
}

/** Go's `%#U`: `U+0023 '#'` for printable characters, `U+0007` otherwise. */
function goCharU(c: string): string {
  const cp = c.codePointAt(0)!;
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `${u} '${c}'` : u;
}

const SLICE_RE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const DICT_KEY_RE = /^'([^']*)'$/;
const FILTER_RE = /^([^!<>=]+)([!<>=]+)(.+?)$/;

/** Go's strconv.UnquoteChar-based unquoting of '...' or "..." literals. */
function unquote(s: string): string {
  const quote = s[0];
  if (s.length < 2 || quote !== s[s.length - 1] || (quote !== '"' && quote !== "'"))
    throw new Error('invalid syntax');
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) throw new Error('invalid syntax');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
    };
    if (e !== undefined && simple[e] !== undefined) {
      if ((e === "'" || e === '"') && e !== quote) throw new Error('invalid syntax');
      out += simple[e];
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width && /^[0-9a-fA-F]+$/.test(body.slice(i + 1, i + 1 + width)) && body.length >= i + 1 + width) {
      out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, i + 1 + width), 16));
      i += width;
      continue;
    }
    throw new Error('invalid syntax');
  }
  return out;
}

class Parser {
  private input = '';
  private pos = 0;
  private start = 0;
  root: ListNode = newList();

  parse(text: string): ListNode {
    this.input = text;
    this.pos = 0;
    this.start = 0;
    this.root = newList();
    this.parseText();
    return this.root;
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    const cp = this.input.codePointAt(this.pos)!;
    const c = String.fromCodePoint(cp);
    this.pos += c.length;
    return c;
  }

  private backup(c: string | undefined): void {
    if (c !== undefined) this.pos -= c.length;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private parseText(): void {
    for (;;) {
      const brace = this.input.indexOf('{', this.pos);
      if (brace < 0) {
        this.pos = this.input.length;
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
        return;
      }
      this.pos = brace;
      if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
      this.pos += 1;
      this.consumeText();
      const action = newList();
      this.root.nodes.push(action);
      if (this.parseInsideAction(action)) return;
    }
  }

  /** Parses one action up to its `}`; returns true when the input ended inside it (never: errors throw). */
  private parseInsideAction(cur: ListNode): boolean {
    for (;;) {
      const rest = this.input.slice(this.pos, this.pos + 3);
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consumeText();
        return false;
      }
      if (rest === '[?(') {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const c = this.next();
      if (c === undefined || isEndOfLine(c)) throw new JSONPathError('unclosed action');
      if (c === ' ' || c === '@' || c === '$') {
        this.consumeText();
      } else if (c === '[') {
        this.parseArray(cur);
      } else if (c === '"' || c === "'") {
        this.parseQuote(cur, c);
      } else if (c === '.') {
        this.parseField(cur);
      } else if (c === '+' || c === '-' || /^\p{Nd}$/u.test(c)) {
        this.backup(c);
        this.parseNumber(cur);
      } else if (isAlphaNumeric(c)) {
        this.backup(c);
        this.parseIdentifier(cur);
      } else {
        throw new JSONPathError(`unrecognized character in action: ${goCharU(c)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const c = this.next();
      if (isTerminator(c)) {
        this.backup(c);
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JSONPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    const c = this.input[this.pos];
    if (c !== undefined && isAlphaNumeric(String.fromCodePoint(this.input.codePointAt(this.pos)!)))
      this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.input[this.pos];
    if (first === '+' || first === '-') this.pos++;
    while (this.pos < this.input.length && (this.input[this.pos] === '.' || /\d/.test(this.input[this.pos]!)))
      this.pos++;
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: 'int', value: Number(value) });
      return;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: Number(value) });
      return;
    }
    throw new JSONPathError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const c = this.next();
      if (c === undefined || c === '\n') throw new JSONPathError('unterminated array');
      if (c === ']') break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', lists: parts.map((p) => parseAction(`[${p.trim()}]`)) });
      return;
    }
    const dict = DICT_KEY_RE.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }
    const m = SLICE_RE.exec(text);
    if (!m) throw new JSONPathError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') continue;
        if (!/^-?\d+$/.test(v)) throw new JSONPathError(`array index ${v} is not a number`);
        params[i] = { value: Number(v), known: true, derived: false };
      } else if (i === 1) {
        params[1] = { value: params[0].value + 1, known: true, derived: true };
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const c = this.next();
      if (c === undefined || c === '\n') throw new JSONPathError('unterminated filter');
      if (c === '"' || c === "'") {
        if (!begin) {
          begin = true;
          pair = c;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && c === pair) end = true;
      } else if (c === ')' && begin === end) {
        break;
      }
    }
    if (this.next() !== ']') throw new JSONPathError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const m = FILTER_RE.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), op: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
  }

  private parseQuote(cur: ListNode, quote: string): void {
    for (;;) {
      const c = this.next();
      if (c === undefined || c === '\n') throw new JSONPathError('unterminated quoted string');
      if (c === quote && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    let text: string;
    try {
      text = unquote(value);
    } catch (e) {
      throw new JSONPathError(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ type: 'text', text });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const c = this.next();
      if (c === '\\') this.next();
      else if (isTerminator(c)) {
        this.backup(c);
        break;
      }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replaceAll('\\', '') });
  }
}

/** Parses `{text}` and returns the inner action's list (upstream's parseAction). */
function parseAction(text: string): ListNode {
  const root = new Parser().parse(`{${text}}`);
  return root.nodes[0] as ListNode;
}

export interface JSONPathOptions {
  /** Missing map keys yield no result instead of an error (CRD columns and kubectl use this). */
  allowMissingKeys?: boolean;
}

interface RangeState {
  beginRange: number;
  inRange: number;
  endRange: number;
}

type Kind = 'bool' | 'int' | 'float' | 'string';

/** A float literal of a filter (`@.price<10.0`): Go keeps it a float64 even when integral. */
class FloatLiteral {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

const numeric = (v: unknown): unknown => (v instanceof FloatLiteral ? v.value : v);

function basicKind(v: unknown): Kind {
  if (v instanceof FloatLiteral) return 'float';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    default:
      throw new JSONPathError('invalid type for comparison');
  }
}

function less(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  if (ka !== basicKind(b)) throw new JSONPathError('incompatible types for comparison');
  if (ka === 'bool') throw new JSONPathError('invalid type for comparison');
  return (numeric(a) as number | string) < (numeric(b) as number | string);
}

function equal(a: unknown, b: unknown): boolean {
  if (basicKind(a) !== basicKind(b)) throw new JSONPathError('incompatible types for comparison');
  return numeric(a) === numeric(b);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '<':
      return less(a, b);
    case '>':
      return !(less(a, b) || equal(a, b));
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<=':
      return less(a, b) || equal(a, b);
    case '>=':
      return !less(a, b);
    default:
      throw new JSONPathError(`unrecognized filter operator ${op}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parsed template. Evaluation is pure; the template can be reused for many objects. */
export class JSONPathTemplate {
  readonly root: ListNode;
  readonly allowMissingKeys: boolean;

  constructor(root: ListNode, options: JSONPathOptions = {}) {
    this.root = root;
    this.allowMissingKeys = options.allowMissingKeys ?? false;
  }

  /** One list of values per top-level piece of the template (upstream's FindResults). */
  findResults(data: unknown): unknown[][] {
    return this.run(this.root.nodes, 0, data, { beginRange: 0, inRange: 0, endRange: 0 }).results;
  }

  /** The template's text output, as `kubectl -o jsonpath` prints it. */
  execute(data: unknown): string {
    return this.findResults(data)
      .map((values) => values.map(printValue).join(' '))
      .join('');
  }

  private run(
    nodes: Node[],
    start: number,
    data: unknown,
    state: RangeState,
  ): { results: unknown[][]; end: number } {
    const full: unknown[][] = [];
    for (let i = start; i < nodes.length; i++) {
      const results = this.walk([data], nodes[i]!, state);
      if (state.endRange > 0 && state.endRange <= state.inRange) {
        state.endRange--;
        return { results: full, end: i };
      }
      if (state.beginRange > 0) {
        state.beginRange--;
        state.inRange++;
        let end = -1;
        if (results.length > 0) {
          for (const value of results) {
            const inner = this.run(nodes, i + 1, value, state);
            full.push(...inner.results);
            end = inner.end;
          }
        } else {
          end = this.run(nodes, i + 1, null, state).end;
        }
        state.inRange--;
        if (end > i) i = end;
        continue;
      }
      full.push(results);
    }
    return { results: full, end: -1 };
  }

  private walk(input: unknown[], node: Node, state: RangeState): unknown[] {
    switch (node.type) {
      case 'list': {
        let cur = input;
        for (const n of node.nodes) cur = this.walk(cur, n, state);
        return cur;
      }
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node, state);
      case 'int':
      case 'bool':
        return input.map(() => node.value);
      case 'float':
        return input.map(() => new FloatLiteral(node.value));
      case 'wildcard':
        return input.flatMap(children);
      case 'recursive':
        return evalRecursive(input);
      case 'union':
        return node.lists.flatMap((l) => this.walk(input, l, state));
      case 'identifier':
        if (node.name === 'range') {
          state.beginRange++;
          return input;
        }
        if (node.name === 'end') {
          if (state.inRange > 0) {
            state.endRange++;
            return [];
          }
          throw new JSONPathError('not in range, nothing to end');
        }
        throw new JSONPathError(`unrecognized identifier ${node.name}`);
    }
  }

  private evalField(input: unknown[], name: string): unknown[] {
    const results: unknown[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (isObject(v) && Object.hasOwn(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JSONPathError(`${name} is not found`);
    return results;
  }

  private evalFilter(
    input: unknown[],
    node: Extract<Node, { type: 'filter' }>,
    state: RangeState,
  ): unknown[] {
    const results: unknown[] = [];
    for (const v of input) {
      if (!Array.isArray(v))
        throw new JSONPathError(`${goV(v)} is not array or slice and cannot be filtered`);
      for (const item of v) {
        let lefts: unknown[];
        try {
          lefts = this.walk([item], node.left, state);
        } catch (e) {
          if (node.op === 'exists') continue;
          throw e;
        }
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JSONPathError('can only compare one element at a time');
        const rights = this.walk([item], node.right, state);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JSONPathError('can only compare one element at a time');
        if (compare(node.op, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')]; // Go indexes a string by bytes
  return [];
}

function evalRecursive(input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (v === null || v === undefined) continue;
    const kids = children(v);
    if (kids.length > 0) {
      out.push(v);
      out.push(...evalRecursive(kids));
    }
  }
  return out;
}

function evalArray(input: unknown[], spec: [Param, Param, Param]): unknown[] {
  const result: unknown[] = [];
  for (const v of input) {
    if (v === null || v === undefined) continue;
    if (!Array.isArray(v)) throw new JSONPathError(`${goTypeName(v)} is not array or slice`);
    const len = v.length;
    const p = spec.map((x) => ({ ...x }));
    const [p0, p1, p2] = p as [Param, Param, Param];
    if (!p0.known) p0.value = 0;
    if (p0.value < 0) p0.value += len;
    if (!p1.known) p1.value = len;
    if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
    if (p1.value === p0.value) return result;
    if (p0.value >= len || p0.value < 0)
      throw new JSONPathError(`array index out of bounds: index ${p0.value}, length ${len}`);
    if (p1.value > len || p1.value < 0)
      throw new JSONPathError(`array index out of bounds: index ${p1.value - 1}, length ${len}`);
    if (p0.value > p1.value)
      throw new JSONPathError(`starting index ${p0.value} is greater than ending index ${p1.value}`);
    let step = 1;
    if (p2.known) {
      if (p2.value <= 0) throw new JSONPathError('step must be > 0');
      step = p2.value;
    }
    for (let i = p0.value; i < p1.value; i += step) result.push(v[i]);
  }
  return result;
}

/** How kubectl prints one result: objects and arrays as compact JSON, scalars as Go's %v. */
export function printValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof FloatLiteral) return goFloat(v.value);
  if (typeof v === 'object') return goJSONMarshal(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

/** Parses a template such as `{.metadata.name}` or `name: {.metadata.name}`; throws JSONPathError. */
export function parseJSONPath(template: string, options: JSONPathOptions = {}): JSONPathTemplate {
  return new JSONPathTemplate(new Parser().parse(template), options);
}

/**
 * Evaluates a CRD additionalPrinterColumn path (`.spec.replicas`, no braces) the way the API
 * server's table convertor does: missing keys and evaluation errors give undefined, otherwise the
 * first value found.
 */
export function evaluateColumnPath(jsonPath: string | JSONPathTemplate, obj: unknown): unknown {
  const template =
    typeof jsonPath === 'string' ? parseJSONPath(`{${jsonPath}}`, { allowMissingKeys: true }) : jsonPath;
  let results: unknown[][];
  try {
    results = template.findResults(obj);
  } catch {
    return undefined;
  }
  return results[0]?.length ? results[0][0] : undefined;
}

/** Compiles a printer column path once for many rows; throws JSONPathError when it does not parse. */
export function compileColumnPath(jsonPath: string): JSONPathTemplate {
  return parseJSONPath(`{${jsonPath}}`, { allowMissingKeys: true });
}

/** Upstream's validateSimpleJSONPath (CRD printer columns and scale subresource paths). */
export function validateSimpleJSONPath(path: string, field: string): FieldError[] {
  if (path.length === 0)
    return [{ type: 'FieldValueInvalid', field, value: path, detail: 'must not be empty' }];
  if (path[0] !== '.')
    return [
      { type: 'FieldValueInvalid', field, value: path, detail: 'must be a simple json path starting with .' },
    ];
  return [];
}
