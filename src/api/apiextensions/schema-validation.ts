// Validation of a CRD's openAPIV3Schema, as upstream does it: first the structural-schema rules
// (pkg/apiserver/schema: every field typed, metadata left implicit, value validations in
// allOf/anyOf/oneOf/not only constraining fields that exist), then the OpenAPI subset Kubernetes
// accepts (no $ref, definitions, patternProperties...; list/map extensions consistent).
// CEL rules (x-kubernetes-validations) are checked for shape only; they are not compiled here.
import { type FieldError, forbidden, invalid, notSupported, required } from '../internal/field-errors.ts';
import { child, index, key } from '../internal/field-paths.ts';
import type { JsonObject } from '../internal/loose-json.ts';
import { additionalSchema, isSchema, isZero, itemsSchema, validateStructural } from './structural-schema.ts';

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);
const VALIDATION_REASONS = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];

/** Schema keywords upstream accepts at the root when the status subresource is enabled. */
const ALLOWED_AT_ROOT_WITH_STATUS = new Set([
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);
const ALLOWED_AT_ROOT_GO_NAMES =
  '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations]';

// ---- the OpenAPI subset (ValidateCustomResourceDefinitionOpenAPISchema) ----

interface Context {
  forbiddenDefaultsReason?: string;
  insideResourceMeta: boolean;
}

function standardChecks(s: JsonObject, ctx: Context, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type && !OPENAPI_TYPES.includes(s.type))
    errs.push(notSupported(child(path, 'type'), s.type, OPENAPI_TYPES));
  if (s.default !== undefined && s.default !== null && ctx.forbiddenDefaultsReason !== undefined) {
    errs.push(
      forbidden(
        child(path, 'default'),
        `must not be set${ctx.forbiddenDefaultsReason ? ` ${ctx.forbiddenDefaultsReason}` : ''}`,
      ),
    );
  }
  if (s.id) errs.push(forbidden(child(path, 'id'), 'id is not supported'));
  if (s.additionalItems !== undefined)
    errs.push(forbidden(child(path, 'additionalItems'), 'additionalItems is not supported'));
  if (Object.keys(s.patternProperties ?? {}).length)
    errs.push(forbidden(child(path, 'patternProperties'), 'patternProperties is not supported'));
  if (Object.keys(s.definitions ?? {}).length)
    errs.push(forbidden(child(path, 'definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined)
    errs.push(forbidden(child(path, 'dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(child(path, '$ref'), '$ref is not supported'));
  if (s.type === 'null')
    errs.push(forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length)
    errs.push(forbidden(child(path, 'items'), 'items must be a schema object and not an array'));
  if (ctx.insideResourceMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(
      forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'),
    );
  }
  return errs;
}

function validateListAndMapTypes(s: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mapType = s['x-kubernetes-map-type'];
  const listType = s['x-kubernetes-list-type'];
  const mapKeys: string[] = s['x-kubernetes-list-map-keys'] ?? [];
  const items = itemsSchema(s);
  if (mapType !== undefined && s.type !== 'object') {
    if (!s.type)
      errs.push(required(child(path, 'type'), 'must be object if x-kubernetes-map-type is specified'));
    else
      errs.push(invalid(child(path, 'type'), s.type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  if (listType !== undefined && s.type !== 'array') {
    if (!s.type)
      errs.push(required(child(path, 'type'), 'must be array if x-kubernetes-list-type is specified'));
    else
      errs.push(invalid(child(path, 'type'), s.type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    if (
      items.type === 'array' &&
      items['x-kubernetes-list-type'] !== undefined &&
      items['x-kubernetes-list-type'] !== 'atomic'
    ) {
      errs.push(
        invalid(
          child(path, 'items', 'x-kubernetes-list-type'),
          items['x-kubernetes-list-type'],
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        ),
      );
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(
        invalid(
          child(path, 'items', 'x-kubernetes-map-type'),
          items['x-kubernetes-list-type'] ?? null,
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        ),
      );
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  if (mapKeys.length) {
    if (listType === undefined)
      errs.push(
        required(
          child(path, 'x-kubernetes-list-type'),
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    else if (listType !== 'map')
      errs.push(
        invalid(
          child(path, 'x-kubernetes-list-type'),
          listType,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
  }
  if (listType === 'map') {
    if (!mapKeys.length)
      errs.push(
        required(
          child(path, 'x-kubernetes-list-map-keys'),
          'must not be empty if x-kubernetes-list-type is map',
        ),
      );
    if (s.items === undefined)
      errs.push(required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    else if (!items)
      errs.push(
        invalid(
          child(path, 'items'),
          s.items,
          'must only have a single schema if x-kubernetes-list-type is map',
        ),
      );
    else if (items.type !== 'object') {
      errs.push(
        invalid(
          child(path, 'items', 'type'),
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    } else {
      const seen = new Set<string>();
      for (const k of mapKeys) {
        const prop = items.properties?.[k];
        if (prop) {
          if (prop.type === 'array' || prop.type === 'object') {
            errs.push(
              invalid(
                child(key(child(path, 'items', 'properties'), k), 'type'),
                items.type,
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
              ),
            );
          }
        } else {
          errs.push(
            invalid(
              child(path, 'x-kubernetes-list-map-keys'),
              mapKeys,
              'entries must all be names of item properties',
            ),
          );
        }
        if (seen.has(k))
          errs.push(
            invalid(child(path, 'x-kubernetes-list-map-keys'), mapKeys, 'must not contain duplicate entries'),
          );
        seen.add(k);
      }
    }
  }
  // requireMapListKeysMapSetValidation
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable)
      errs.push(
        forbidden(
          child(path, 'items', 'nullable'),
          `cannot be nullable when x-kubernetes-list-type is ${listType}`,
        ),
      );
    if (listType === 'map') {
      const requiredKeys = new Set<string>(items.required ?? []);
      for (const k of mapKeys) {
        const prop = items.properties?.[k];
        if (!prop) continue;
        const p = key(child(path, 'items', 'properties'), k);
        if (!requiredKeys.has(k) && prop.default === undefined) {
          errs.push(
            required(
              child(p, 'default'),
              'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
            ),
          );
        }
        if (prop.nullable)
          errs.push(
            forbidden(
              child(p, 'nullable'),
              'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
            ),
          );
      }
    }
  }
  return errs;
}

function validateRules(s: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (s['x-kubernetes-validations'] ?? []).forEach((rule: JsonObject, i: number) => {
    const p = index(child(path, 'x-kubernetes-validations'), i);
    const r = String(rule.rule ?? '').trim();
    const message = String(rule.message ?? '');
    const msg = message.trim();
    if (!r) errs.push(required(child(p, 'rule'), 'rule is not specified'));
    else if (message.length > 0 && !msg)
      errs.push(invalid(child(p, 'message'), message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(msg))
      errs.push(invalid(child(p, 'message'), message, 'message must not contain line breaks'));
    else if (/[\n\r]/.test(r) && !msg)
      errs.push(required(child(p, 'message'), 'message must be specified if rule contains line breaks'));
    if (String(rule.messageExpression ?? '').length > 0 && !String(rule.messageExpression).trim()) {
      errs.push(required(child(p, 'messageExpression'), 'messageExpression must be non-empty if specified'));
    }
    if (rule.reason !== undefined && !VALIDATION_REASONS.includes(rule.reason)) {
      errs.push(notSupported(child(p, 'reason'), rule.reason, VALIDATION_REASONS));
    }
    const fp = String(rule.fieldPath ?? '');
    if (fp.length > 0 && !fp.trim())
      errs.push(invalid(child(p, 'fieldPath'), fp, 'fieldPath must be non-empty if specified'));
    if (/[\n\r]/.test(fp))
      errs.push(invalid(child(p, 'fieldPath'), fp, 'fieldPath must not contain line breaks'));
  });
  return errs;
}

function validateOpenAPI(
  s: JsonObject | undefined,
  path: string,
  ctx: Context,
  isRoot: boolean,
): FieldError[] {
  if (!isSchema(s)) return [];
  const errs = standardChecks(s, ctx, path);
  if (s.uniqueItems)
    errs.push(
      forbidden(
        child(path, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (
      Object.keys(s.properties ?? {}).length &&
      (s.additionalProperties === false || isSchema(s.additionalProperties))
    ) {
      errs.push(
        forbidden(
          child(path, 'additionalProperties'),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
    const sub = ctx.insideResourceMeta
      ? { ...ctx, forbiddenDefaultsReason: 'inside additionalProperties applying to object metadata' }
      : ctx;
    errs.push(...validateOpenAPI(additionalSchema(s), child(path, 'additionalProperties'), sub, false));
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    let sub = ctx;
    if ((isRoot || s['x-kubernetes-embedded-resource']) && META_FIELDS.has(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, forbiddenDefaultsReason: `in top-level ${name}` };
    }
    errs.push(...validateOpenAPI(prop as JsonObject, key(child(path, 'properties'), name), sub, false));
  }
  errs.push(...validateOpenAPI(s.not, child(path, 'not'), ctx, false));
  for (const k of ['allOf', 'oneOf', 'anyOf'])
    errs.push(
      ...(s[k] ?? []).flatMap((n: JsonObject, i: number) =>
        validateOpenAPI(n, index(child(path, k), i), ctx, false),
      ),
    );
  for (const [name, d] of Object.entries(s.definitions ?? {}))
    errs.push(...validateOpenAPI(d as JsonObject, key(child(path, 'definitions'), name), ctx, false));
  if (s.items !== undefined) {
    errs.push(...validateOpenAPI(itemsSchema(s), child(path, 'items'), ctx, false));
    if (Array.isArray(s.items))
      errs.push(
        ...s.items.flatMap((n: JsonObject, i: number) =>
          validateOpenAPI(n, index(child(path, 'items'), i), ctx, false),
        ),
      );
  }
  for (const [name, d] of Object.entries(s.dependencies ?? {})) {
    if (isSchema(d)) errs.push(...validateOpenAPI(d, key(child(path, 'dependencies'), name), ctx, false));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(
      invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'),
    );
  }
  errs.push(...validateListAndMapTypes(s, path), ...validateRules(s, path));
  return errs;
}

/** All of a CRD's checks of one openAPIV3Schema at `path` (`spec.validation.openAPIV3Schema` ...). */
export function validateCrdSchema(schema: JsonObject, path: string, statusEnabled: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (statusEnabled) {
    for (const [k, v] of Object.entries(schema)) {
      if (isZero(v)) continue;
      if (k === 'type') {
        if (v !== 'object') {
          errs.push(
            invalid(
              `${path}.type`,
              v,
              'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
            ),
          );
          break;
        }
        continue;
      }
      if (!ALLOWED_AT_ROOT_WITH_STATUS.has(k)) {
        errs.push(
          invalid(
            path,
            schema,
            `only ${ALLOWED_AT_ROOT_GO_NAMES} fields are allowed at the root of the schema if the status subresource is enabled`,
          ),
        );
        break;
      }
    }
  }
  if (schema.nullable) errs.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  errs.push(...validateStructural(schema, path));
  errs.push(...validateOpenAPI(schema, path, { insideResourceMeta: false }, true));
  return errs;
}
