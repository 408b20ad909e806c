// Writes OpenAPI documents from routes and definitions: v3 (one document per group version, as
// served under /openapi/v3/<path>) and v2 (swagger 2.0, every group in one document). Shapes as
// upstream's kube-openapi builders produce them for v1.32: operations grouped by path, parameters
// shared by every operation of a path lifted to the path, refs with siblings wrapped in `allOf`
// (v3), only the definitions the operations reach.
import type { Definitions, Schema } from '../../machinery/schema.ts';
import type { Parameter } from './parameters.ts';
import type { Model, Route } from './routes.ts';

export const V3_REF = '#/components/schemas/';
export const V2_REF = '#/definitions/';

type JsonObject = Record<string, unknown>;

const byNameIn = (a: Parameter, b: Parameter) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.in < b.in ? -1 : a.in > b.in ? 1 : 0;
const paramKey = (p: Parameter) => `${p.in}:${p.name}`;

interface PathGroup {
  path: string;
  common: Parameter[];
  routes: Route[];
}

/** Groups routes by path and lifts the parameters every operation of a path shares. */
function groupByPath(routes: readonly Route[]): PathGroup[] {
  const groups = new Map<string, Route[]>();
  for (const route of routes) {
    const list = groups.get(route.path) ?? [];
    list.push(route);
    groups.set(route.path, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, list]) => {
      const counts = new Map<string, number>();
      for (const route of list)
        for (const p of route.parameters) counts.set(paramKey(p), (counts.get(paramKey(p)) ?? 0) + 1);
      const common = list[0]!.parameters
        .filter((p) => counts.get(paramKey(p)) === list.length)
        .sort(byNameIn);
      return { path, common, routes: list };
    });
}

/** Names of every definition reachable from `roots` through `$ref`s. */
export function reachableDefinitions(roots: Iterable<string>, definitions: Definitions): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith(V3_REF))
          stack.push(child.slice(V3_REF.length));
        else visit(child);
      }
    }
  };
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || !definitions[name]) continue;
    seen.add(name);
    visit(definitions[name]);
  }
  return [...seen].sort();
}

/** v3: a `$ref` with siblings becomes `allOf: [{$ref}]` plus the siblings (kube-openapi's WrapRefs). */
export function toV3Schema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema) as [keyof Schema, unknown][]) {
    (out as JsonObject)[key] = convertChild(key, value, toV3Schema);
  }
  if (out.$ref !== undefined && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

/** v2: refs point at `#/definitions/`; `oneOf` of the self-marshalling types becomes their v2 type. */
export function toV2Schema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema) as [keyof Schema, unknown][]) {
    if (key === '$ref') out.$ref = (value as string).replace(V3_REF, V2_REF);
    else if (key === 'oneOf' && schema.type === undefined && isTypeUnion(value)) out.type = 'string';
    else (out as JsonObject)[key] = convertChild(key, value, toV2Schema);
  }
  return out;
}

function isTypeUnion(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((v) => v && typeof v === 'object' && Object.keys(v).length === 1 && 'type' in v)
  );
}

function convertChild(key: string, value: unknown, convert: (s: Schema) => Schema): unknown {
  switch (key) {
    case 'properties':
      return Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, convert(v)]),
      );
    case 'items':
    case 'not':
      return convert(value as Schema);
    case 'additionalProperties':
      return typeof value === 'object' ? convert(value as Schema) : value;
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return (value as Schema[]).map(convert);
    default:
      return value;
  }
}

function modelSchema(model: Model, ref: string): JsonObject {
  return 'string' in model ? { type: 'string' } : { $ref: ref + model.definition };
}

function modelRoots(routes: readonly Route[]): Set<string> {
  const roots = new Set<string>();
  for (const route of routes) {
    for (const r of route.responses) if ('definition' in r.model) roots.add(r.model.definition);
    if (route.body && 'definition' in route.body.model) roots.add(route.body.model.definition);
  }
  return roots;
}

function extensions(route: Route): JsonObject {
  const out: JsonObject = {};
  if (route.action) out['x-kubernetes-action'] = route.action;
  if (route.gvk)
    out['x-kubernetes-group-version-kind'] = {
      group: route.gvk.group,
      kind: route.gvk.kind,
      version: route.gvk.version,
    };
  return out;
}

const v3Parameter = (p: Parameter): JsonObject => ({
  description: p.description,
  in: p.in,
  name: p.name,
  ...(p.required ? { required: true } : {}),
  schema: { type: p.type, uniqueItems: true },
});

export interface DocumentInfo {
  title: string;
  version: string;
}

const BEARER = {
  description: 'Bearer Token authentication',
  in: 'header',
  name: 'authorization',
  type: 'apiKey',
};

/**
 * The paths object both versions share: an item per path, its operations by method, and the
 * parameters all of them take listed once on the item. `operation` gets a route's own ones.
 */
function pathItems(
  routes: readonly Route[],
  parameter: (p: Parameter) => JsonObject,
  operation: (route: Route, own: Parameter[]) => JsonObject,
): JsonObject {
  const paths: JsonObject = {};
  for (const group of groupByPath(routes)) {
    const common = new Set(group.common.map(paramKey));
    const item: JsonObject = {};
    for (const route of group.routes) {
      const own = route.parameters.filter((p) => !common.has(paramKey(p))).sort(byNameIn);
      item[route.method.toLowerCase()] = operation(route, own);
    }
    if (group.common.length) item.parameters = group.common.map(parameter);
    paths[group.path] = item;
  }
  return paths;
}

/** The definitions the routes reach, each converted for the document's version. */
function reachableSchemas(
  routes: readonly Route[],
  definitions: Definitions,
  convert: (schema: Schema) => Schema,
): JsonObject {
  const schemas: JsonObject = {};
  for (const name of reachableDefinitions(modelRoots(routes), definitions))
    schemas[name] = convert(definitions[name]!);
  return schemas;
}

function v3Operation(route: Route, own: Parameter[]): JsonObject {
  const op: JsonObject = { description: route.description, operationId: route.operationId };
  if (own.length) op.parameters = own.map(v3Parameter);
  if (route.body) {
    const schema = modelSchema(route.body.model, V3_REF);
    op.requestBody = {
      content: Object.fromEntries(route.body.consumes.map((type) => [type, { schema }])),
      ...(route.body.required ? { required: true } : {}),
    };
  }
  op.responses = Object.fromEntries(
    route.responses.map((r) => {
      const schema = modelSchema(r.model, V3_REF);
      return [
        String(r.code),
        {
          content: Object.fromEntries(route.produces.map((type) => [type, { schema }])),
          description: r.description,
        },
      ];
    }),
  );
  op.tags = [route.tag];
  Object.assign(op, extensions(route));
  return op;
}

/** One OpenAPI v3 document. */
export function openAPIV3Document(
  routes: readonly Route[],
  definitions: Definitions,
  info: DocumentInfo,
): JsonObject {
  return {
    components: {
      schemas: reachableSchemas(routes, definitions, toV3Schema),
      securitySchemes: { BearerToken: BEARER },
    },
    info,
    openapi: '3.0.0',
    paths: pathItems(routes, v3Parameter, v3Operation),
    security: [{ BearerToken: [] }],
  };
}

const v2Parameter = (p: Parameter): JsonObject => ({
  description: p.description,
  in: p.in,
  name: p.name,
  ...(p.required ? { required: true } : {}),
  type: p.type,
  uniqueItems: true,
});

function v2Operation(route: Route, own: Parameter[]): JsonObject {
  const params = own.map(v2Parameter);
  if (route.body) {
    params.unshift({
      in: 'body',
      name: 'body',
      ...(route.body.required ? { required: true } : {}),
      schema: modelSchema(route.body.model, V2_REF),
    });
  }
  const responses: JsonObject = Object.fromEntries(
    route.responses.map((r) => [
      String(r.code),
      { description: r.description, schema: modelSchema(r.model, V2_REF) },
    ]),
  );
  responses['401'] = { description: 'Unauthorized' };
  return {
    consumes: route.body?.consumes ?? ['*/*'],
    description: route.description,
    operationId: route.operationId,
    ...(params.length ? { parameters: params } : {}),
    produces: route.produces,
    responses,
    schemes: ['https'],
    tags: [route.tag],
    ...extensions(route),
  };
}

/** The OpenAPI v2 (swagger 2.0) document of every route. */
export function openAPIV2Document(
  routes: readonly Route[],
  definitions: Definitions,
  info: DocumentInfo,
): JsonObject {
  return {
    definitions: reachableSchemas(routes, definitions, toV2Schema),
    info,
    paths: pathItems(routes, v2Parameter, v2Operation),
    security: [{ BearerToken: [] }],
    securityDefinitions: { BearerToken: BEARER },
    swagger: '2.0',
  };
}
