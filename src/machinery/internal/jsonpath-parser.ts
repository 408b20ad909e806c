// The parser of Kubernetes JSONPath templates (upstream's util/jsonpath parser.go): text and
// `{...}` actions into a node tree that jsonpath.ts evaluates. Errors use upstream's wording.

export class JSONPathError extends Error {
  override name = 'JSONPathError';
}

export interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export type Node =
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

export type ListNode = { type: 'list'; nodes: Node[] };

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

/** Parses a whole template (text and `{actions}`) into its root list; throws JSONPathError. */
export function parseTemplate(text: string): ListNode {
  return new Parser().parse(text);
}
