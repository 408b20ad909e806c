// Validation of a value against a CRD's OpenAPI v3 schema, as the API server validates custom
// resources: the checks, their order, their messages and the way their results combine are
// those of kube-openapi's schema validator (type, format, enum, required, bounds, pattern,
// multipleOf, uniqueItems, nullable, allOf/anyOf/oneOf/not, additionalProperties), and the
// errors become field errors as upstream's apiextensions converts them
// (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`).
//
// Updates ratchet, as upstream does since CRDValidationRatcheting: a part of the object that is
// unchanged from the old object (matched by key, or by list-map keys / set value) keeps its
// errors to itself, so an object that became invalid under a stricter schema can still be updated.
import { goQuote } from './go-format.ts';
import { goV, IN, invalidType, numberV, Result, toFieldErrors } from './internal/openapi-errors.ts';
import { deepEqual } from './json-value.ts';
import type { Schema } from './schema.ts';
import { isCheckedFormat, matchesFormat } from './schema-formats.ts';
import type { FieldError } from './status.ts';

// ---------------------------------------------------------------- values

type Kind = 'null' | 'boolean' | 'string' | 'integer' | 'number' | 'array' | 'object';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

const MAX_JSON_FLOAT = 2 ** 53 - 1;

/** go-openapi's swag.IsFloat64AJSONInteger: integral, or within a relative 1e-9 of an integer. */
export function isFloat64AJSONInteger(f: number): boolean {
  if (!Number.isFinite(f) || f < -MAX_JSON_FLOAT || f > MAX_JSON_FLOAT) return false;
  if (Number.isInteger(f)) return true;
  if (f < 0) return false; // Go's uint64(f) of a negative float is far away: never "close"
  const g = Math.trunc(f);
  const diff = Math.abs(f - g);
  if (g === 0 || diff < Number.MIN_VALUE) return diff < 1e-9 * Number.MIN_VALUE;
  return diff / Math.min(f + g, Number.MAX_VALUE) < 1e-9;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const regexCache = new Map<string, RegExp | Error>();

/** Compiles a Go (RE2) pattern as a JavaScript RegExp; a leading `(?i)`-style flag group becomes flags. */
export function compileGoPattern(pattern: string): RegExp {
  let cached = regexCache.get(pattern);
  if (!cached) {
    let source = pattern;
    let flags = '';
    const lead = /^\(\?([imsU]+)\)/.exec(source);
    if (lead) {
      source = source.slice(lead[0].length);
      flags = [...new Set(lead[1]!.replace('U', ''))].join('');
    }
    try {
      cached = new RegExp(source, `${flags}u`);
    } catch {
      try {
        cached = new RegExp(source, flags);
      } catch (e) {
        cached = e instanceof Error ? e : new Error(String(e));
      }
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, cached);
  }
  if (cached instanceof Error) throw cached;
  return cached;
}

// ---------------------------------------------------------------- the validator

interface Correlation {
  old: unknown;
}

function typesOf(s: Schema): string[] {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return s.type ? [s.type] : [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Validator {
  /** A property or list item: ratchets when correlated with an unchanged old value. */
  node(s: Schema, path: string, data: unknown, corr: Correlation | undefined): Result {
    const result = this.schema(s, path, data, corr);
    if (corr && !result.valid && deepEqual(data, corr.old)) {
      const ratcheted = new Result();
      ratcheted.matchCount = result.matchCount;
      return ratcheted;
    }
    return result;
  }

  /** kube-openapi's SchemaValidator.Validate: every validator that applies, in its fixed order. */
  schema(s: Schema, path: string, data: unknown, corr: Correlation | undefined): Result {
    const result = new Result();
    const kind = kindOf(data);
    if (kind === 'null') {
      result.merge(this.type(s, path, data));
      result.merge(this.enum(s, path, data));
      return result;
    }
    const format = isCheckedFormat(s.format) ? s.format! : '';
    const steps: (() => Result | undefined)[] = [];
    if (typesOf(s).length > 0 || format !== '') steps.push(() => this.type(s, path, data));
    steps.push(() => this.composition(s, path, data, corr));
    if (kind === 'string') steps.push(() => this.string(s, path, data as string));
    if (kind === 'string' && format !== '') steps.push(() => this.format(format, path, data as string));
    if (kind === 'integer' || kind === 'number') steps.push(() => this.number(s, path, data as number));
    if (kind === 'array') steps.push(() => this.slice(s, path, data as unknown[], corr));
    steps.push(() => this.enum(s, path, data));
    if (kind === 'object') steps.push(() => this.object(s, path, data as Record<string, unknown>, corr));
    for (const step of steps) {
      result.merge(step());
      result.matchCount++;
    }
    result.matchCount++;
    return result;
  }

  private type(s: Schema, path: string, data: unknown): Result {
    const types = typesOf(s);
    const format = isCheckedFormat(s.format) ? s.format! : '';
    const ok = new Result();
    ok.matchCount = 1;
    const kind = kindOf(data);
    if (kind === 'null') {
      if (types.length > 0 && !types.includes('null') && !s.nullable)
        return Result.of(invalidType(path, types.join(','), 'null'));
      return ok;
    }
    const schType = kind;
    const valueFormat = kind === 'integer' ? 'int64' : kind === 'number' ? 'float64' : '';
    const isFloatInt =
      schType === 'number' && isFloat64AJSONInteger(data as number) && types.includes('integer');
    const isIntFloat = schType === 'integer' && types.includes('number');
    const textual = kind === 'string' || kind === 'array';
    if (
      !textual &&
      format !== '' &&
      !(types.includes(schType) || valueFormat === format || isFloatInt || isIntFloat)
    ) {
      return Result.of(invalidType(path, format, valueFormat));
    }
    if (!(types.includes('number') || types.includes('integer')) && format !== '' && textual) return ok;
    if (!(types.includes(schType) || isFloatInt || isIntFloat))
      return Result.of(invalidType(path, types.join(','), schType));
    return ok;
  }

  private composition(s: Schema, path: string, data: unknown, corr: Correlation | undefined): Result {
    const main = new Result();
    if (s.anyOf?.length) {
      let best: Result | undefined;
      let firstSuccess: Result | undefined;
      for (const sub of s.anyOf) {
        const r = this.schema(sub, path, data, corr);
        if (r.valid) {
          best = undefined;
          firstSuccess = r;
          break;
        }
        if (!best || r.matchCount > best.matchCount) best = r;
      }
      if (!firstSuccess) main.add({ message: `${goQuote(path)} must validate at least one schema (anyOf)` });
      main.merge(best ?? firstSuccess);
    }
    if (s.oneOf?.length) {
      let best: Result | undefined;
      let firstSuccess: Result | undefined;
      let validated = 0;
      for (const sub of s.oneOf) {
        const r = this.schema(sub, path, data, corr);
        if (r.valid) {
          validated++;
          best = undefined;
          firstSuccess ??= r;
          continue;
        }
        if (validated === 0 && (!best || r.matchCount > best.matchCount)) best = r;
      }
      if (validated !== 1) {
        const more = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
        main.add({ message: `${goQuote(path)} must validate one and only one schema (oneOf). ${more}` });
        main.merge(best);
      } else main.merge(firstSuccess);
    }
    if (s.allOf?.length) {
      let validated = 0;
      for (const sub of s.allOf) {
        const r = this.schema(sub, path, data, corr);
        if (r.valid) validated++;
        main.merge(r);
      }
      if (validated !== s.allOf.length) {
        main.add({
          message: `${goQuote(path)} must validate all the schemas (allOf)${validated === 0 ? '. None validated' : ''}`,
        });
      }
    }
    if (s.not && this.schema(s.not, path, data, corr).valid) {
      main.add({ message: `${goQuote(path)} must not validate the schema (not)` });
    }
    main.matchCount++;
    return main;
  }

  private string(s: Schema, path: string, data: string): Result | undefined {
    if (s.maxLength !== undefined && runeCount(data) > s.maxLength) {
      return Result.of({
        code: 'TooLong',
        name: path,
        value: data,
        valid: s.maxLength,
        message: `${path} in ${IN} should be at most ${s.maxLength} chars long`,
      });
    }
    if (s.minLength !== undefined && runeCount(data) < s.minLength) {
      return Result.of({
        code: 'TooShort',
        name: path,
        value: data,
        valid: s.minLength,
        message: `${path} in ${IN} should be at least ${s.minLength} chars long`,
      });
    }
    if (s.pattern !== undefined && s.pattern !== '') {
      let re: RegExp;
      try {
        re = compileGoPattern(s.pattern);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        return Result.of({
          code: 'Pattern',
          name: path,
          value: data,
          message: `${path} in ${IN} should match '${s.pattern}, but pattern is invalid: ${why}'`,
        });
      }
      if (!re.test(data))
        return Result.of({
          code: 'Pattern',
          name: path,
          value: data,
          message: `${path} in ${IN} should match '${s.pattern}'`,
        });
    }
    return undefined;
  }

  private format(format: string, path: string, data: string): Result | undefined {
    if (matchesFormat(format, data)) return undefined;
    return Result.of(invalidType(path, format, data));
  }

  /** kube-openapi's numberValidator: multipleOf, then minimum, then maximum; integers compare as int64. */
  private number(s: Schema, path: string, data: number): Result {
    const res = new Result();
    const isInt = Number.isInteger(data);
    if (s.multipleOf !== undefined) {
      const factor = isInt ? Math.trunc(s.multipleOf) : s.multipleOf;
      if (factor <= 0) {
        res.add({
          code: 'MultipleOfMustBePositive',
          name: path,
          value: factor,
          message: `factor MultipleOf declared for ${path} must be positive: ${numberV(factor, isInt)}`,
        });
      } else {
        const ok = isInt
          ? data % factor === 0
          : isFloat64AJSONInteger(factor < 1 ? (1 / factor) * data : data / factor);
        if (!ok)
          res.add({
            code: 'MultipleOf',
            name: path,
            value: data,
            message: `${path} in ${IN} should be a multiple of ${numberV(factor, isInt)}`,
          });
      }
    }
    if (s.minimum !== undefined) {
      const min = isInt ? Math.trunc(s.minimum) : s.minimum;
      const ex = s.exclusiveMinimum === true;
      if ((!ex && data < min) || (ex && data <= min)) {
        res.add({
          code: 'Min',
          name: path,
          value: data,
          message: `${path} in ${IN} should be greater than ${ex ? '' : 'or equal to '}${numberV(min, isInt)}`,
        });
      }
    }
    if (s.maximum !== undefined) {
      const max = isInt ? Math.trunc(s.maximum) : s.maximum;
      const ex = s.exclusiveMaximum === true;
      if ((!ex && data > max) || (ex && data >= max)) {
        res.add({
          code: 'Max',
          name: path,
          value: data,
          message: `${path} in ${IN} should be less than ${ex ? '' : 'or equal to '}${numberV(max, isInt)}`,
        });
      }
    }
    res.matchCount++;
    return res;
  }

  private slice(s: Schema, path: string, data: unknown[], corr: Correlation | undefined): Result {
    const result = new Result();
    if (s.items) {
      for (let i = 0; i < data.length; i++) {
        result.merge(this.node(s.items, `${path}[${i}]`, data[i], indexCorrelation(s, data[i], corr)));
      }
    }
    const size = data.length;
    if (s.minItems !== undefined && size < s.minItems) {
      result.add({
        code: 'MinItems',
        name: path,
        value: size,
        valid: s.minItems,
        message: `${path} in ${IN} should have at least ${s.minItems} items`,
      });
    }
    if (s.maxItems !== undefined && size > s.maxItems) {
      result.add({
        code: 'MaxItems',
        name: path,
        value: size,
        valid: s.maxItems,
        message: `${path} in ${IN} should have at most ${s.maxItems} items`,
      });
    }
    if (s.uniqueItems && data.some((v, i) => data.slice(0, i).some((u) => deepEqual(u, v)))) {
      result.add({ code: 'Unique', name: path, message: `${path} in ${IN} shouldn't contain duplicates` });
    }
    result.matchCount++;
    return result;
  }

  /** Enum: a value matches when equal to one of the listed values (null never does). */
  private enum(s: Schema, path: string, data: unknown): Result | undefined {
    if (!s.enum?.length) return undefined;
    if (data !== null && data !== undefined && s.enum.some((e) => e !== null && deepEqual(data, e)))
      return undefined;
    const values = s.enum;
    return Result.of({
      code: 'Enum',
      name: path,
      value: data ?? null,
      values,
      message: `${path} in ${IN} should be one of [${values.map(goV).join(' ')}]`,
    });
  }

  private object(
    s: Schema,
    path: string,
    data: Record<string, unknown>,
    corr: Correlation | undefined,
  ): Result {
    const res = new Result();
    const keys = Object.keys(data).filter((k) => data[k] !== undefined);
    const n = keys.length;
    if (s.minProperties !== undefined && n < s.minProperties) {
      res.add({
        code: 'TooFewProperties',
        name: path,
        value: n,
        valid: s.minProperties,
        message: `${path} in ${IN} should have at least ${s.minProperties} properties`,
      });
    }
    if (s.maxProperties !== undefined && n > s.maxProperties) {
      res.add({
        code: 'TooManyProperties',
        name: path,
        value: n,
        valid: s.maxProperties,
        message: `${path} in ${IN} should have at most ${s.maxProperties} properties`,
      });
    }
    const props = s.properties ?? {};
    const additional = s.additionalProperties;
    if (additional === false) {
      for (const k of keys) {
        if (!Object.hasOwn(props, k))
          res.add({
            code: 'UnallowedProperty',
            name: path,
            value: k,
            message: `${path}.${k} in ${IN} is a forbidden property`,
          });
      }
    } else if (typeof additional === 'object') {
      for (const k of keys) {
        if (!Object.hasOwn(props, k))
          res.merge(this.node(additional, `${path}.${k}`, data[k], keyCorrelation(path, k, corr)));
      }
    }
    for (const [name, sub] of Object.entries(props)) {
      if (data[name] === undefined) continue;
      res.merge(
        this.node(sub, path ? `${path}.${name}` : name, data[name], keyCorrelation(path, name, corr)),
      );
    }
    for (const k of s.required ?? []) {
      if (data[k] === undefined)
        res.add({ code: 'Required', name: `${path}.${k}`, message: `${path}.${k} in ${IN} is required` });
    }
    return res;
  }
}

function keyCorrelation(path: string, key: string, corr: Correlation | undefined): Correlation | undefined {
  if (!corr || !isObject(corr.old) || !Object.hasOwn(corr.old, key)) return undefined;
  // apiVersion and kind at the root never ratchet (upstream's isTypeMetaField).
  if (path === '' && (key === 'apiVersion' || key === 'kind')) return undefined;
  return { old: corr.old[key] };
}

/** List items correlate with the old list only for list-type map (by keys) and set (by value). */
function indexCorrelation(s: Schema, item: unknown, corr: Correlation | undefined): Correlation | undefined {
  if (!corr || !Array.isArray(corr.old)) return undefined;
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') return corr.old.some((o) => deepEqual(o, item)) ? { old: item } : undefined;
  if (listType === 'map' && isObject(item)) {
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const match = corr.old.find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
    return match === undefined ? undefined : { old: match };
  }
  return undefined;
}

export interface SchemaValidationOptions {
  /**
   * Path the errors are reported under (`status` when validating only the status of a custom
   * resource); absent for a whole object, whose paths then start at its top-level fields.
   */
  fieldPath?: string;
  /** On update: the old value, for ratcheting. */
  old?: unknown;
}

/** Validates `value` against `schema`; errors as upstream reports them for custom resources. */
export function validateAgainstSchema(
  value: unknown,
  schema: Schema,
  options: SchemaValidationOptions = {},
): FieldError[] {
  const validator = new Validator();
  const corr = 'old' in options && options.old !== undefined ? { old: options.old } : undefined;
  const result = validator.node(schema, '', value, corr);
  return toFieldErrors(result.errors, options.fieldPath);
}
