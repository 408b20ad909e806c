// The structural-schema rules of CRD schemas (upstream's pkg/apiserver/schema validation):
// every field has a type (unless int-or-string or preserve-unknown-fields), arrays have items,
// metadata stays implicit (only name and generateName may be constrained), and value
// validations inside allOf/anyOf/oneOf/not only constrain fields the schema itself declares.
import { fieldErrorMessage } from '../../machinery/status.ts';
import { type FieldError, forbidden, invalid, required } from '../internal/field-errors.ts';
import { child, index, key } from '../internal/field-paths.ts';
import { isObj, type JsonObject } from '../internal/loose-json.ts';

type Level = 'root' | 'item' | 'field';

/** A (sub)schema is any JSON object; anything else in a schema position is no schema. */
export const isSchema = isObj;
export const itemsSchema = (s: JsonObject): JsonObject | undefined =>
  isSchema(s.items) ? s.items : undefined;
export const additionalSchema = (s: JsonObject): JsonObject | undefined =>
  isSchema(s.additionalProperties) ? s.additionalProperties : undefined;
export const isZero = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === false ||
  v === '' ||
  v === 0 ||
  (Array.isArray(v) && v.length === 0) ||
  (isSchema(v) && Object.keys(v).length === 0);

const INT_OR_STRING_ANY_OF = (anyOf: unknown) =>
  Array.isArray(anyOf) &&
  anyOf.length === 2 &&
  anyOf.every(
    (a, i) => isSchema(a) && Object.keys(a).length === 1 && a.type === (i === 0 ? 'integer' : 'string'),
  );

function validateNested(
  v: JsonObject | undefined,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  path: string,
): FieldError[] {
  if (!isSchema(v)) return [];
  const errs = validateValueValidation(v, skipAnyOf, skipFirstAllOfAnyOf, path);
  errs.push(...validateNested(itemsSchema(v), false, false, child(path, 'items')));
  for (const [k, p] of Object.entries(v.properties ?? {}))
    errs.push(...validateNested(p as JsonObject, false, false, key(child(path, 'properties'), k)));
  if (v.type) errs.push(forbidden(child(path, 'type'), 'must be empty to be structural'));
  if (v.additionalProperties !== undefined && v.additionalProperties !== null) {
    errs.push(forbidden(child(path, 'additionalProperties'), 'must be undefined to be structural'));
  }
  if (v.default !== undefined && v.default !== null)
    errs.push(forbidden(child(path, 'default'), 'must be undefined to be structural'));
  if (v.title) errs.push(forbidden(child(path, 'title'), 'must be empty to be structural'));
  if (v.description) errs.push(forbidden(child(path, 'description'), 'must be empty to be structural'));
  if (v.nullable) errs.push(forbidden(child(path, 'nullable'), 'must be false to be structural'));
  if (v['x-kubernetes-preserve-unknown-fields'])
    errs.push(
      forbidden(child(path, 'x-kubernetes-preserve-unknown-fields'), 'must be false to be structural'),
    );
  if (v['x-kubernetes-embedded-resource'])
    errs.push(forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must be false to be structural'));
  if (v['x-kubernetes-int-or-string'])
    errs.push(forbidden(child(path, 'x-kubernetes-int-or-string'), 'must be false to be structural'));
  if ((v['x-kubernetes-list-map-keys'] ?? []).length)
    errs.push(forbidden(child(path, 'x-kubernetes-list-map-keys'), 'must be empty to be structural'));
  if (v['x-kubernetes-list-type'] !== undefined)
    errs.push(forbidden(child(path, 'x-kubernetes-list-type'), 'must be undefined to be structural'));
  if (v['x-kubernetes-map-type'] !== undefined)
    errs.push(forbidden(child(path, 'x-kubernetes-map-type'), 'must be undefined to be structural'));
  if ((v['x-kubernetes-validations'] ?? []).length)
    errs.push(forbidden(child(path, 'x-kubernetes-validations'), 'must be empty to be structural'));
  if (v.properties && Object.hasOwn(v.properties, 'metadata')) {
    errs.push(
      forbidden(key(child(path, 'properties'), 'metadata'), 'must not be specified in a nested context'),
    );
  }
  return errs;
}

function validateValueValidation(
  s: JsonObject,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf)
    errs.push(
      ...(s.anyOf ?? []).flatMap((v: JsonObject, i: number) =>
        validateNested(v, false, false, index(child(path, 'anyOf'), i)),
      ),
    );
  errs.push(
    ...(s.allOf ?? []).flatMap((v: JsonObject, i: number) =>
      validateNested(v, skipFirstAllOfAnyOf && i === 0, false, index(child(path, 'allOf'), i)),
    ),
  );
  errs.push(
    ...(s.oneOf ?? []).flatMap((v: JsonObject, i: number) =>
      validateNested(v, false, false, index(child(path, 'oneOf'), i)),
    ),
  );
  errs.push(...validateNested(s.not, false, false, child(path, 'not')));
  if (s.pattern) {
    try {
      new RegExp(s.pattern, 'u');
    } catch (e) {
      errs.push(
        invalid(
          child(path, 'pattern'),
          s.pattern,
          `must be a valid regular expression, but isn't: ${(e as Error).message}`,
        ),
      );
    }
  }
  return errs;
}

function validateMetadataInvariants(
  m: JsonObject,
  checkMetadata: boolean,
  level: Level,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMetadata && m.type !== 'object')
    errs.push(invalid(child(path, 'type'), m.type ?? '', 'must be object'));
  if (level === 'root') {
    const rest: JsonObject = { ...m };
    const props = Object.keys(rest.properties ?? {});
    const onlyNames = props.length > 0 && props.every((p) => p === 'name' || p === 'generateName');
    if (onlyNames) delete rest.properties;
    delete rest.type;
    delete rest.default;
    if (Object.values(rest).some((v) => !isZero(v))) {
      errs.push(
        forbidden(
          path,
          'must not specify anything other than name and generateName, but metadata is implicitly specified',
        ),
      );
    }
  }
  return errs;
}

function validateInvariants(s: JsonObject | undefined, level: Level, path: string): FieldError[] {
  if (!isSchema(s)) return [];
  const errs: FieldError[] = [];
  const items = itemsSchema(s);
  if (s.type === 'array' && !items) errs.push(required(child(path, 'items'), 'must be specified'));
  errs.push(...validateInvariants(items, 'item', child(path, 'items')));
  for (const [k, p] of Object.entries(s.properties ?? {}))
    errs.push(...validateInvariants(p as JsonObject, 'field', key(child(path, 'properties'), k)));
  if (
    s.additionalProperties !== undefined &&
    s.additionalProperties !== null &&
    s.additionalProperties !== false
  ) {
    if (level === 'root')
      errs.push(forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
    errs.push(...validateInvariants(additionalSchema(s), 'field', child(path, 'additionalProperties')));
  }
  const intOrString = !!s['x-kubernetes-int-or-string'];
  const preserve = !!s['x-kubernetes-preserve-unknown-fields'];
  const embedded = !!s['x-kubernetes-embedded-resource'];
  if (intOrString && preserve)
    errs.push(
      invalid(
        child(path, 'x-kubernetes-preserve-unknown-fields'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  if (intOrString && embedded)
    errs.push(
      invalid(
        child(path, 'x-kubernetes-embedded-resource'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  const skipAnyOf = intOrString && INT_OR_STRING_ANY_OF(s.anyOf);
  const skipFirstAllOfAnyOf =
    intOrString && Array.isArray(s.allOf) && s.allOf.length > 0 && INT_OR_STRING_ANY_OF(s.allOf[0]?.anyOf);
  errs.push(...validateValueValidation(s, skipAnyOf, skipFirstAllOfAnyOf, path));
  const checkMetadata = level === 'root' || embedded;
  if (embedded && s.type !== 'object') {
    if (!s.type)
      errs.push(required(child(path, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else
      errs.push(
        invalid(child(path, 'type'), s.type, 'must be object if x-kubernetes-embedded-resource is true'),
      );
  } else if (!s.type && !intOrString && !preserve) {
    const where = {
      root: 'at the root',
      item: 'for specified array items',
      field: 'for specified object fields',
    }[level];
    errs.push(required(child(path, 'type'), `must not be empty ${where}`));
  }
  if (embedded && s.additionalProperties !== undefined && s.additionalProperties !== null) {
    errs.push(
      forbidden(
        child(path, 'additionalProperties'),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (level === 'root' && s.type && s.type !== 'object')
    errs.push(invalid(child(path, 'type'), s.type, 'must be object at the root'));
  for (const f of ['kind', 'apiVersion']) {
    const p = s.properties?.[f];
    if (p && checkMetadata && p.type !== 'string')
      errs.push(invalid(child(key(child(path, 'properties'), f), 'type'), p.type ?? '', 'must be string'));
  }
  if (s.properties?.metadata)
    errs.push(
      ...validateMetadataInvariants(
        s.properties.metadata,
        checkMetadata,
        level,
        key(child(path, 'properties'), 'metadata'),
      ),
    );
  if (embedded && !preserve && !Object.keys(s.properties ?? {}).length) {
    errs.push(
      required(
        child(path, 'properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
  return errs;
}

/** Value validations may only mention fields the structural part declares. */
function validateCompleteness(
  v: JsonObject | undefined,
  s: JsonObject | undefined,
  sPath: string,
  vPath: string,
): FieldError[] {
  if (!isSchema(v)) return [];
  if (!isSchema(s)) return [required(sPath, `because it is defined in ${vPath}`)];
  const errs: FieldError[] = [];
  const nested = (n: JsonObject | undefined, np: string) => validateNestedCompleteness(n, s, sPath, np);
  errs.push(...nested(v.not, child(vPath, 'not')));
  for (const k of ['allOf', 'anyOf', 'oneOf'])
    errs.push(...(v[k] ?? []).flatMap((n: JsonObject, i: number) => nested(n, index(child(vPath, k), i))));
  return errs;
}

function validateNestedCompleteness(
  v: JsonObject | undefined,
  s: JsonObject | undefined,
  sPath: string,
  vPath: string,
): FieldError[] {
  if (!isSchema(v)) return [];
  if (!isSchema(s)) return [required(sPath, `because it is defined in ${vPath}`)];
  const errs = validateCompleteness(v, s, sPath, vPath);
  errs.push(
    ...validateNestedCompleteness(
      itemsSchema(v),
      itemsSchema(s),
      child(sPath, 'items'),
      child(vPath, 'items'),
    ),
  );
  for (const [k, p] of Object.entries(v.properties ?? {})) {
    const sField = s.properties?.[k];
    if (!sField)
      errs.push(
        required(
          key(child(sPath, 'properties'), k),
          `because it is defined in ${key(child(vPath, 'properties'), k)}`,
        ),
      );
    else
      errs.push(
        ...validateNestedCompleteness(
          p as JsonObject,
          sField,
          key(child(sPath, 'properties'), k),
          key(child(vPath, 'properties'), k),
        ),
      );
  }
  return errs;
}

/** `ValidateStructural`: errors sorted by their text, as upstream sorts them. */
export function validateStructural(schema: JsonObject, path: string): FieldError[] {
  const errs = [
    ...validateInvariants(schema, 'root', path),
    ...validateCompleteness(schema, schema, path, path),
  ];
  return errs.sort((a, b) => {
    const x = fieldErrorMessage(a);
    const y = fieldErrorMessage(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
