// Reads the `kubernetes-types` declaration files (*.d.ts): each interface with its fields, their
// optionality, types and doc comments. Those files are generated from upstream's OpenAPI and
// follow a small regular grammar, so a tokenizer and a recursive-descent parser suffice (the
// TypeScript compiler would cost a second of start-up for the same result).

export type TypeExpr =
  | { kind: 'string' | 'number' | 'boolean' | 'unknown' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'ref'; name: string }
  | { kind: 'array'; items: TypeExpr }
  | { kind: 'map'; values: TypeExpr }
  | { kind: 'union'; options: TypeExpr[] };

export interface DeclaredField {
  name: string;
  optional: boolean;
  readonly: boolean;
  type: TypeExpr;
  description?: string;
}

export interface DeclaredInterface {
  name: string;
  description?: string;
  fields: DeclaredField[];
}

export interface DeclaredAlias {
  name: string;
  description?: string;
  type: TypeExpr;
}

export interface DeclarationModule {
  /** Local name → module path relative to the package root, e.g. `ObjectMeta` → `meta/v1`. */
  imports: Record<string, string>;
  interfaces: DeclaredInterface[];
  aliases: DeclaredAlias[];
}

type Token =
  | { t: 'doc'; text: string }
  | { t: 'ident'; text: string }
  | { t: 'str'; text: string }
  | { t: 'num'; text: string }
  | { t: 'punct'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
    } else if (src.startsWith('/**', i)) {
      const end = src.indexOf('*/', i + 3);
      tokens.push({ t: 'doc', text: src.slice(i + 3, end) });
      i = end + 2;
    } else if (src.startsWith('/*', i)) {
      i = src.indexOf('*/', i + 2) + 2;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      tokens.push({ t: 'str', text: JSON.parse(`"${src.slice(i + 1, j).replace(/\\'/g, "'")}"`) });
      i = j + 1;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[\w$]/.test(src[j]!)) j++;
      tokens.push({ t: 'ident', text: src.slice(i, j) });
      i = j;
    } else if (/[0-9-]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[0-9.]/.test(src[j]!)) j++;
      tokens.push({ t: 'num', text: src.slice(i, j) });
      i = j;
    } else {
      tokens.push({ t: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

/** Turns a doc comment's body into upstream's description text: paragraphs separated by blank lines. */
export function docText(raw: string): string {
  const lines = raw.split('\n').map((line) => line.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n').trim();
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private next(): Token {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new Error('unexpected end of declarations');
    return tok;
  }
  private isPunct(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok?.t === 'punct' && tok.text === text;
  }
  private isIdent(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok?.t === 'ident' && tok.text === text;
  }
  private expect(text: string): void {
    const tok = this.next();
    if (tok.text !== text) throw new Error(`expected '${text}', found '${tok.text}' in declarations`);
  }
  private takeDoc(): string | undefined {
    let doc: string | undefined;
    while (this.peek()?.t === 'doc') doc = docText(this.next().text);
    return doc;
  }

  parseModule(): DeclarationModule {
    const module: DeclarationModule = { imports: {}, interfaces: [], aliases: [] };
    while (this.pos < this.tokens.length) {
      const description = this.takeDoc();
      if (this.pos >= this.tokens.length) break;
      if (this.isIdent('import')) {
        this.parseImport(module);
      } else if (this.isIdent('export') && this.isIdent('interface', 1)) {
        this.pos += 2;
        module.interfaces.push(this.parseInterface(description));
      } else if (this.isIdent('export') && this.isIdent('type', 1)) {
        this.pos += 2;
        const name = this.next().text;
        this.expect('=');
        const type = this.parseType();
        this.expect(';');
        module.aliases.push(description ? { name, description, type } : { name, type });
      } else {
        throw new Error(`unexpected '${this.peek()?.text}' in declarations`);
      }
    }
    return module;
  }

  private parseImport(module: DeclarationModule): void {
    this.expect('import');
    this.expect('{');
    const names: string[] = [];
    while (!this.isPunct('}')) {
      names.push(this.next().text);
      if (this.isPunct(',')) this.pos++;
    }
    this.expect('}');
    this.expect('from');
    const from = this.next().text.replace(/^\.\.\//, '');
    if (this.isPunct(';')) this.pos++;
    for (const name of names) module.imports[name] = from;
  }

  private parseInterface(description: string | undefined): DeclaredInterface {
    const name = this.next().text;
    this.expect('{');
    const fields: DeclaredField[] = [];
    while (!this.isPunct('}')) {
      const fieldDoc = this.takeDoc();
      let isReadonly = false;
      if (this.isIdent('readonly') && !this.isPunct(':', 1) && !this.isPunct('?', 1)) {
        isReadonly = true;
        this.pos++;
      }
      const fieldName = this.next().text;
      const optional = this.isPunct('?');
      if (optional) this.pos++;
      this.expect(':');
      const type = this.parseType();
      this.expect(';');
      const field: DeclaredField = { name: fieldName, optional, readonly: isReadonly, type };
      if (fieldDoc) field.description = fieldDoc;
      fields.push(field);
    }
    this.expect('}');
    return description ? { name, description, fields } : { name, fields };
  }

  private parseType(): TypeExpr {
    const options = [this.parsePrimary()];
    while (this.isPunct('|')) {
      this.pos++;
      options.push(this.parsePrimary());
    }
    return options.length === 1 ? options[0]! : { kind: 'union', options };
  }

  private parsePrimary(): TypeExpr {
    const tok = this.next();
    let type: TypeExpr;
    if (tok.t === 'str') {
      type = { kind: 'literal', value: tok.text };
    } else if (tok.t === 'num') {
      type = { kind: 'literal', value: Number(tok.text) };
    } else if (tok.t === 'punct' && tok.text === '{') {
      // Index signature: { [name: string]: T; }
      this.expect('[');
      this.next();
      this.expect(':');
      this.next();
      this.expect(']');
      this.expect(':');
      const values = this.parseType();
      if (this.isPunct(';')) this.pos++;
      this.expect('}');
      type = { kind: 'map', values };
    } else if (tok.t === 'ident' && tok.text === 'Array') {
      this.expect('<');
      const items = this.parseType();
      this.expect('>');
      type = { kind: 'array', items };
    } else if (tok.t === 'ident') {
      if (tok.text === 'string' || tok.text === 'number' || tok.text === 'boolean') type = { kind: tok.text };
      else if (tok.text === 'true' || tok.text === 'false')
        type = { kind: 'literal', value: tok.text === 'true' };
      else if (tok.text === 'any' || tok.text === 'unknown' || tok.text === 'object')
        type = { kind: 'unknown' };
      else type = { kind: 'ref', name: tok.text };
    } else {
      throw new Error(`unexpected '${tok.text}' in a type`);
    }
    // T[] suffix
    while (this.isPunct('[') && this.isPunct(']', 1)) {
      this.pos += 2;
      type = { kind: 'array', items: type };
    }
    return type;
  }
}

/** Parses one declaration file's text. */
export function parseDeclarations(source: string): DeclarationModule {
  return new Parser(tokenize(source)).parseModule();
}
