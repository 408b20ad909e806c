// Kubernetes' JSONPath templates (k8s.io/client-go/util/jsonpath), as CRD additionalPrinterColumns
// and `kubectl -o jsonpath` use them: `{.spec.replicas}`, `{.metadata.labels.app}`,
// `{.status.conditions[?(@.type=="Ready")].status}`, `{.items[*].metadata.name}`, `[0]`, `[-1:]`,
// `..name`, unions `['a','b']`, and `{range .items[*]}...{end}`. Parse and evaluation errors carry
// upstream's texts. The server evaluates printer columns for every row of a CRD table.

import { goFloat, goJSONMarshal, goTypeName, goV } from './go-format.ts';
import {
  JSONPathError,
  type ListNode,
  type Node,
  type Param,
  parseTemplate,
} from './internal/jsonpath-parser.ts';
import type { FieldError } from './status.ts';

export { JSONPathError };

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
  return new JSONPathTemplate(parseTemplate(template), options);
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
