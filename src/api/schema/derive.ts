// Derives structural schemas (upstream's OpenAPI definitions) from the kubernetes-types declaration
// files plus our fact tables: integer formats, byte fields, enums, defaults, and the list/map facts
// that strategic merge patch and server-side apply need.
import type { Definitions, Schema } from '../../machinery/schema.ts';
import {
  type DeclarationModule,
  type DeclaredField,
  type DeclaredInterface,
  parseDeclarations,
  type TypeExpr,
} from './declarations.ts';
import { ADDED_DECLARATIONS, REMOVED_DECLARATIONS } from './facts/additions.ts';
import { BYTE_FIELDS, DOUBLE_FIELDS, INT64_FIELDS } from './facts/formats.ts';
import { ATOMIC_STRUCTS, LIST_FACTS } from './facts/lists.ts';
import { DEFAULT_VALUES, ENUM_VALUES } from './facts/values.ts';
import { DECLARATION_MODULES } from './packages.ts';
import { INT_OR_STRING, intOrStringDefinition, specialDefinition } from './special-types.ts';

export const REF_PREFIX = '#/components/schemas/';

/** Loads one declaration file's text, by module path (`apps/v1`). */
export type DeclarationSource = (modulePath: string) => string;

/** Parses a module and applies our additions and removals. */
export function loadModule(modulePath: string, source: DeclarationSource): DeclarationModule {
  const module = parseDeclarations(source(modulePath));
  const added = ADDED_DECLARATIONS[modulePath];
  if (added) {
    const extra = parseDeclarations(added);
    Object.assign(module.imports, extra.imports);
    for (const iface of extra.interfaces) {
      const existing = module.interfaces.find((i) => i.name === iface.name);
      if (!existing) {
        module.interfaces.push(iface);
        continue;
      }
      const names = new Set(iface.fields.map((f) => f.name));
      existing.fields = [...existing.fields.filter((f) => !names.has(f.name)), ...iface.fields].sort(
        (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    }
  }
  for (const removed of REMOVED_DECLARATIONS[modulePath] ?? []) {
    const [typeName, fieldName] = removed.split('.');
    if (fieldName === undefined) {
      module.interfaces = module.interfaces.filter((i) => i.name !== typeName);
    } else {
      const iface = module.interfaces.find((i) => i.name === typeName);
      if (iface) iface.fields = iface.fields.filter((f) => f.name !== fieldName);
    }
  }
  return module;
}

interface FieldFacts {
  format?: 'int64' | 'double' | 'byte';
  enum?: readonly string[];
}

function parseListFacts(words: string): Schema {
  const out: Schema = {};
  for (const word of words.split(' ')) {
    const [key, value] = word.split('=') as [string, string | undefined];
    if (value === undefined) out['x-kubernetes-patch-strategy'] = key;
    else if (key === 'key') out['x-kubernetes-patch-merge-key'] = value;
    else if (key === 'list') out['x-kubernetes-list-type'] = value as 'atomic' | 'set' | 'map';
    else if (key === 'keys') out['x-kubernetes-list-map-keys'] = value.split(',');
    else if (key === 'map') out['x-kubernetes-map-type'] = value as 'atomic' | 'granular';
  }
  return out;
}

class Deriver {
  readonly definitions: Definitions = {};
  private readonly prefix: string;
  private readonly module: DeclarationModule;

  constructor(prefix: string, module: DeclarationModule) {
    this.prefix = prefix;
    this.module = module;
  }

  private refName(name: string): string {
    const from = this.module.imports[name];
    const prefix = from === undefined ? this.prefix : DECLARATION_MODULES[from];
    if (prefix === undefined)
      throw new Error(`declarations refer to ${name} from ${from}, a module we do not read`);
    return prefix + name;
  }

  private typeSchema(type: TypeExpr, facts: FieldFacts): Schema {
    switch (type.kind) {
      case 'string':
        if (facts.format === 'byte') return { type: 'string', format: 'byte' };
        return facts.enum ? { type: 'string', enum: [...facts.enum] } : { type: 'string' };
      case 'literal':
        return {
          type:
            typeof type.value === 'boolean'
              ? 'boolean'
              : typeof type.value === 'number'
                ? 'number'
                : 'string',
        };
      case 'number':
        if (facts.format === 'double') return { type: 'number', format: 'double' };
        return { type: 'integer', format: facts.format === 'int64' ? 'int64' : 'int32' };
      case 'boolean':
        return { type: 'boolean' };
      case 'unknown':
        return {};
      case 'array':
        return { type: 'array', items: this.typeSchema(type.items, facts) };
      case 'map':
        return { type: 'object', additionalProperties: this.typeSchema(type.values, facts) };
      case 'union': {
        const kinds = new Set(type.options.map((o) => o.kind));
        if (kinds.size === 2 && kinds.has('number') && kinds.has('string'))
          return { $ref: REF_PREFIX + INT_OR_STRING };
        if (type.options.every((o) => o.kind === 'literal')) return { type: 'string' };
        throw new Error(`unsupported union type in declarations: ${JSON.stringify(type)}`);
      }
      case 'ref':
        return { $ref: REF_PREFIX + this.refName(type.name) };
    }
  }

  private fieldSchema(definition: string, field: DeclaredField): Schema {
    const facts: FieldFacts = {};
    if (INT64_FIELDS[definition]?.includes(field.name)) facts.format = 'int64';
    else if (DOUBLE_FIELDS[definition]?.includes(field.name)) facts.format = 'double';
    else if (BYTE_FIELDS[definition]?.includes(field.name)) facts.format = 'byte';
    const values = ENUM_VALUES[definition]?.[field.name];
    if (values) facts.enum = values;
    const schema: Schema = { ...this.typeSchema(field.type, facts) };
    if (field.description) schema.description = field.description;
    const dflt = DEFAULT_VALUES[definition]?.[field.name];
    if (dflt !== undefined) schema.default = dflt;
    const list = LIST_FACTS[definition]?.[field.name];
    if (list) Object.assign(schema, parseListFacts(list));
    return schema;
  }

  private objectDefinition(definition: string, iface: DeclaredInterface): Schema {
    const schema: Schema = {};
    if (iface.description) schema.description = iface.description;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    let apiVersion: string | undefined;
    let kind: string | undefined;
    for (const field of iface.fields) {
      properties[field.name] = this.fieldSchema(definition, field);
      if (!field.optional) required.push(field.name);
      if (field.type.kind === 'literal' && typeof field.type.value === 'string') {
        if (field.name === 'apiVersion') apiVersion = field.type.value;
        if (field.name === 'kind') kind = field.type.value;
      }
    }
    if (iface.fields.length > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required;
    schema.type = 'object';
    if (apiVersion !== undefined && kind !== undefined) {
      const slash = apiVersion.indexOf('/');
      schema['x-kubernetes-group-version-kind'] = [
        slash < 0
          ? { group: '', kind, version: apiVersion }
          : { group: apiVersion.slice(0, slash), kind, version: apiVersion.slice(slash + 1) },
      ];
    }
    if (ATOMIC_STRUCTS.includes(definition)) schema['x-kubernetes-map-type'] = 'atomic';
    return schema;
  }

  run(): Definitions {
    for (const iface of this.module.interfaces) {
      const name = this.prefix + iface.name;
      this.definitions[name] =
        specialDefinition(name, iface.description) ?? this.objectDefinition(name, iface);
    }
    for (const alias of this.module.aliases) {
      const name = this.prefix + alias.name;
      const special = specialDefinition(name, alias.description);
      if (special) this.definitions[name] = special;
    }
    return this.definitions;
  }
}

/** Derives every definition of the modules we serve (DECLARATION_MODULES). */
export function deriveDefinitions(source: DeclarationSource): Definitions {
  const definitions: Definitions = { [INT_OR_STRING]: intOrStringDefinition };
  for (const [modulePath, prefix] of Object.entries(DECLARATION_MODULES)) {
    Object.assign(definitions, new Deriver(prefix, loadModule(modulePath, source)).run());
  }
  return definitions;
}
